/**
 * Chinese names of the section and group headings kube-bench's profiles use (its texts are
 * English only). A heading not listed keeps its English text.
 */
const ZH: Record<string, string> = {
  'Control Plane Security Configuration': '控制平面安全配置',
  'Control Plane Node Configuration Files': '控制平面节点配置文件',
  'Control Plane Configuration': '控制平面配置',
  'Control Plane Components': '控制平面组件',
  'Master Node Security Configuration': '主节点安全配置',
  'Master Node Configuration Files': '主节点配置文件',
  'API Server': 'API 服务器',
  'Controller Manager': '控制器管理器',
  Scheduler: '调度器',
  Etcd: 'etcd',
  'Etcd Node Configuration': 'etcd 节点配置',
  'Etcd Node Configuration Files': 'etcd 节点配置文件',
  'Authentication and Authorization': '认证与授权',
  Logging: '日志',
  'Worker Node Security Configuration': '工作节点安全配置',
  'Worker Node Configuration Files': '工作节点配置文件',
  'Worker Nodes': '工作节点',
  Kubelet: 'Kubelet',
  'kube-proxy': 'kube-proxy',
  'Kubernetes Policies': 'Kubernetes 策略',
  Policies: '策略',
  'RBAC and Service Accounts': 'RBAC 与服务账户',
  'Pod Security Standards': 'Pod 安全标准',
  'Pod Security Policies': 'Pod 安全策略',
  'Network Policies and CNI': '网络策略与 CNI',
  'CNI Plugin': 'CNI 插件',
  'Secrets Management': 'Secret 管理',
  'Extensible Admission Control': '可扩展准入控制',
  'General Policies': '通用策略',
  'Managed Services': '托管服务',
  'Image Registry and Image Scanning': '镜像仓库与镜像扫描',
  'Identity and Access Management (IAM)': '身份与访问管理（IAM）',
  'Cluster Networking': '集群网络',
  'Other Cluster Configurations': '其他集群配置',
  Storage: '存储',
  'Node Metadata': '节点元数据',
  'Node Configuration and Maintenance': '节点配置与维护',
  'Key Management Service (KMS)': '密钥管理服务（KMS）',
};

export function sectionZh(text: string): string {
  return ZH[text.trim()] ?? text;
}
