// Alerts on the ATT&CK matrix: a column per tactic in kill-chain order, a cell per technique
// shaded by how many alerts it drew. Every cell links to those alerts.
import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLive } from '../api/live.ts';
import { useApi } from '../api/useApi.ts';
import { matrixColumns } from '../components/attackTactics.ts';
import Loading from '../components/Loading.tsx';
import PageTitle from '../components/PageTitle.tsx';

/** Near-white (few) to deep red (most), by the square root so that a single alert still shows. */
function heat(count: number, max: number): string {
  const level = max === 0 ? 0 : Math.sqrt(count / max);
  return `hsl(4, 80%, ${Math.round(92 - level * 52)}%)`;
}

export default function AttackMatrixPage() {
  const { t } = useTranslation();
  const live = useLive('alert');
  const { data, error } = useApi('GET /attack/matrix', {}, live);
  if (!data) return <Loading error={error} />;
  const columns = matrixColumns(data);
  const max = Math.max(0, ...columns.flatMap((column) => column.techniques.map((cell) => cell.count)));
  return (
    <>
      <PageTitle title={t('nav.attack')} />
      {max === 0 && <Empty description={t('attack.none')} />}
      <div role="table" aria-label={t('nav.attack')} style={{ display: 'grid', gridTemplateColumns: `repeat(${columns.length}, minmax(120px, 1fr))`, gap: 4, overflowX: 'auto' }}>
        {columns.map((column) => (
          <div role="rowgroup" key={column.slug} style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
            <div role="columnheader" style={{ background: '#0b1f3a', color: '#fff', padding: 6, fontSize: 12, fontWeight: 600, minHeight: 52 }}>
              {t(`attack.tactics.${column.slug}`)}
              <div style={{ fontWeight: 400, opacity: 0.7 }}>{column.id ?? '—'}</div>
            </div>
            {column.techniques.map((cell) => {
              const name = `${cell.technique}: ${t('attack.alerts', { count: cell.count })}`;
              return (
                <Link
                  key={cell.technique}
                  role="cell"
                  aria-label={name}
                  title={name}
                  to={`/alerts?technique=${encodeURIComponent(cell.technique)}`}
                  style={{ background: heat(cell.count, max), color: cell.count / (max || 1) > 0.4 ? '#fff' : '#262626', padding: 6, fontSize: 12, borderRadius: 3, display: 'block', fontWeight: 600 }}
                >
                  {cell.technique}
                  <div style={{ fontWeight: 400 }}>{cell.count}</div>
                </Link>
              );
            })}
          </div>
        ))}
      </div>
    </>
  );
}
