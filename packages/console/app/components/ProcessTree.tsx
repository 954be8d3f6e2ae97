// The alert's processes and their ancestry as a keyboard-navigable tree (arrow keys move, the
// tree is one tab stop); the processes that triggered the alert are marked.
import { Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useTranslation } from 'react-i18next';
import type { ProcessNode } from '../api/types.ts';

/** Roots are processes whose parent is not in the list; children follow their parent. */
export function toTree(processes: ProcessNode[], triggers: ReadonlySet<string>): DataNode[] {
  const ids = new Set(processes.map((p) => p.id));
  const children = new Map<string | null, ProcessNode[]>();
  for (const p of processes) {
    const parent = p.parent && ids.has(p.parent) ? p.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), p]);
  }
  const build = (parent: string | null): DataNode[] =>
    (children.get(parent) ?? []).map((p) => ({
      key: p.id,
      title: (
        <Typography.Text strong={triggers.has(p.id)} type={triggers.has(p.id) ? 'danger' : undefined}>
          {p.pid ?? '?'} {p.name ?? ''} {p.command_line ?? p.executable ?? ''}
        </Typography.Text>
      ),
      children: build(p.id),
    }));
  return build(null);
}

export default function ProcessTree({ processes, triggers }: { processes: ProcessNode[]; triggers: ReadonlySet<string> }) {
  const { t } = useTranslation();
  if (processes.length === 0) return <Typography.Text type="secondary">{t('alerts.noProcessTree')}</Typography.Text>;
  return <Tree aria-label={t('alerts.processTree')} treeData={toTree(processes, triggers)} defaultExpandAll selectable={false} showLine />;
}
