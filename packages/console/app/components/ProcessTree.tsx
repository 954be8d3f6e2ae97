// The alert's process ancestry and descendants as a keyboard-navigable tree; the triggering
// process is marked.
import { Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useTranslation } from 'react-i18next';
import type { ProcessNode } from '../api/types.ts';

export function toTree(processes: ProcessNode[], trigger?: string): DataNode[] {
  const ids = new Set(processes.map((p) => p.entity_id));
  const children = new Map<string | null, ProcessNode[]>();
  for (const p of processes) {
    const parent = p.parent_entity_id && ids.has(p.parent_entity_id) ? p.parent_entity_id : null;
    children.set(parent, [...(children.get(parent) ?? []), p]);
  }
  const build = (parent: string | null): DataNode[] =>
    (children.get(parent) ?? []).map((p) => ({
      key: p.entity_id,
      title: (
        <Typography.Text strong={p.entity_id === trigger} type={p.entity_id === trigger ? 'danger' : undefined}>
          {p.pid} {p.executable} {p.args.slice(1).join(' ')} {p.user ? `(${p.user})` : ''}
        </Typography.Text>
      ),
      children: build(p.entity_id),
    }));
  return build(null);
}

export default function ProcessTree({ processes, trigger }: { processes: ProcessNode[]; trigger?: string }) {
  const { t } = useTranslation();
  if (processes.length === 0) return <Typography.Text type="secondary">{t('alerts.noProcessTree')}</Typography.Text>;
  return <Tree aria-label={t('alerts.processTree')} treeData={toTree(processes, trigger)} defaultExpandAll selectable={false} showLine />;
}
