// Agents: online or not (live), version, what their sensors report, and their config group.
import { Select, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client.ts';
import { useLive } from '../api/live.ts';
import type { Agent } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import DataTable from '../components/DataTable.tsx';
import PageTitle from '../components/PageTitle.tsx';
import StatusTag from '../components/StatusTag.tsx';
import { formatTime } from '../format.ts';
import { useFeedback } from '../components/Feedback.tsx';

/** The health report's sensors (`{process: {state: 'running', kind: 'ebpf'}, fim: 'ok'}`) as name and state. */
function sensorsOf(agent: Agent): { name: string; state: string }[] {
  const sensors = agent.health?.sensors;
  if (!sensors || typeof sensors !== 'object') return [];
  return Object.entries(sensors as Record<string, unknown>).map(([name, value]) => {
    const v = value as { state?: unknown; status?: unknown; kind?: unknown } | string | null;
    const state = typeof v === 'object' && v !== null ? [v.kind, v.state ?? v.status].filter((x) => x !== undefined).join(' ') : String(v);
    return { name, state };
  });
}

function resources(agent: Agent): string {
  const rss = Number(agent.health?.rss_bytes);
  const cpu = Number(agent.health?.cpu_percent);
  return [Number.isFinite(rss) ? `${Math.round(rss / 1048576)} MiB` : null, Number.isFinite(cpu) ? `${cpu.toFixed(1)} % CPU` : null].filter(Boolean).join(' · ') || '—';
}

export default function AgentsPage() {
  const { t } = useTranslation();
  const { message } = useFeedback();
  const live = useLive('agent.status');
  const groups = useApi('GET /agent-groups');

  const move = async (agent: Agent, group_id: string) => {
    try {
      await api('PATCH /agents/{id}', { path: { id: agent.id }, body: { group_id } });
      message.success(t('agents.moved', { name: agent.name }));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <>
      <PageTitle title={t('nav.agents')} />
      <DataTable
        endpoint="GET /agents"
        label={t('nav.agents')}
        version={live}
        rowKey={(a) => a.id}
        columns={[
          { title: t('common.name'), key: 'name', sorter: true, render: (_, a) => <Link to={`/hosts/${encodeURIComponent(a.host_id)}`}>{a.name}</Link> },
          { title: t('common.status'), key: 'status', render: (_, a) => <StatusTag status={a.status} /> },
          { title: t('agents.version'), dataIndex: 'version' },
          { title: t('agents.sensors'), key: 'sensors', render: (_, a) => <Space wrap>{sensorsOf(a).map((s) => <Tag key={s.name}>{s.name}{s.state ? `: ${s.state}` : ''}</Tag>)}</Space> },
          { title: t('agents.resources'), key: 'resources', render: (_, a) => resources(a) },
          {
            title: t('common.group'),
            key: 'group',
            render: (_, a) => (
              <Select
                aria-label={t('agents.groupOf', { name: a.name })}
                defaultValue={a.group_id ?? 'default'}
                onChange={(g: string) => void move(a, g)}
                options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
                style={{ width: 160 }}
              />
            ),
          },
          { title: t('common.lastSeen'), key: 'last_seen', sorter: true, render: (_, a) => formatTime(a.last_seen) },
          { title: t('agents.enrolled'), key: 'enrolled_at', sorter: true, render: (_, a) => formatTime(a.enrolled_at) },
        ]}
      />
    </>
  );
}
