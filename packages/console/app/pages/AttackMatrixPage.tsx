// Alerts on the ATT&CK matrix: one column per tactic, a cell per technique, shaded by how many
// alerts it drew. Every cell is a link to those alerts.
import { Empty, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLive } from '../api/live.ts';
import { useApi } from '../api/useApi.ts';
import Loading from '../components/Loading.tsx';
import PageTitle from '../components/PageTitle.tsx';

/** White (0) to deep red (max), by the square root so a few alerts still show. */
export function heat(count: number, max: number): string {
  if (count === 0 || max === 0) return '#fafafa';
  const level = Math.sqrt(count / max);
  const lightness = Math.round(92 - level * 52);
  return `hsl(4, 80%, ${lightness}%)`;
}

export default function AttackMatrixPage() {
  const { t } = useTranslation();
  const live = useLive('alert');
  const { data, error } = useApi('GET /attack/matrix', {}, live);
  if (!data) return <Loading error={error} />;
  const max = Math.max(0, ...data.tactics.flatMap((tactic) => tactic.techniques.map((cell) => cell.count)));
  return (
    <>
      <PageTitle title={t('nav.attack')} />
      {max === 0 && <Empty description={t('attack.none')} />}
      <div role="table" aria-label={t('nav.attack')} style={{ display: 'grid', gridTemplateColumns: `repeat(${data.tactics.length}, minmax(132px, 1fr))`, gap: 4, overflowX: 'auto' }}>
        {data.tactics.map((tactic) => (
          <div role="rowgroup" key={tactic.id} style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
            <div role="columnheader" style={{ background: '#0b1f3a', color: '#fff', padding: 6, fontSize: 12, fontWeight: 600, minHeight: 48 }}>
              {tactic.name}
              <div style={{ fontWeight: 400, opacity: 0.7 }}>{tactic.id}</div>
            </div>
            {tactic.techniques.map((cell) => (
              <Tooltip key={cell.technique} title={`${cell.technique} ${cell.name ?? ''}: ${t('attack.alerts', { count: cell.count })}`}>
                <Link
                  role="cell"
                  to={`/alerts?technique=${encodeURIComponent(cell.technique)}`}
                  aria-label={`${cell.technique} ${cell.name ?? ''}: ${t('attack.alerts', { count: cell.count })}`}
                  style={{ background: heat(cell.count, max), color: cell.count / (max || 1) > 0.4 ? '#fff' : '#262626', padding: 6, fontSize: 12, borderRadius: 3, display: 'block' }}
                >
                  <Typography.Text style={{ color: 'inherit', fontSize: 12 }} strong={cell.count > 0}>
                    {cell.technique} {cell.name}
                  </Typography.Text>
                  {cell.count > 0 && <div>{cell.count}</div>}
                </Link>
              </Tooltip>
            ))}
          </div>
        ))}
      </div>
    </>
  );
}
