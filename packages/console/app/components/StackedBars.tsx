// A stacked bar chart in plain SVG (the overview must stay light: the landing page's budget has
// no room for a charting library). Each bar is a time bucket, each layer a series.
import { useTranslation } from 'react-i18next';

export interface Series {
  name: string;
  color: string;
  values: number[];
}

const WIDTH = 640;
const HEIGHT = 220;
const AXIS = 28;

export default function StackedBars({ labels, series, label }: { labels: string[]; series: Series[]; label: string }) {
  const { t } = useTranslation();
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const step = (WIDTH - AXIS) / Math.max(1, labels.length);
  const barWidth = Math.max(2, Math.min(36, step * 0.7));
  const scale = (HEIGHT - AXIS) / max;
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={label}>
        <line x1={AXIS} y1={HEIGHT - AXIS} x2={WIDTH} y2={HEIGHT - AXIS} stroke="#d9d9d9" />
        <text x={AXIS - 4} y={10} textAnchor="end" fontSize={10} fill="#8c8c8c">{max}</text>
        <text x={AXIS - 4} y={HEIGHT - AXIS} textAnchor="end" fontSize={10} fill="#8c8c8c">0</text>
        {labels.map((bucket, i) => {
          let y = HEIGHT - AXIS;
          const x = AXIS + i * step + (step - barWidth) / 2;
          return (
            <g key={bucket}>
              <title>{`${bucket}: ${series.map((s) => `${s.name} ${s.values[i] ?? 0}`).join(', ')}`}</title>
              {series.map((s) => {
                const h = (s.values[i] ?? 0) * scale;
                y -= h;
                return h > 0 ? <rect key={s.name} x={x} y={y} width={barWidth} height={h} fill={s.color} /> : null;
              })}
              {(labels.length <= 8 || i % Math.ceil(labels.length / 8) === 0) && (
                <text x={x + barWidth / 2} y={HEIGHT - AXIS + 14} textAnchor="middle" fontSize={10} fill="#8c8c8c">{bucket}</text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption style={{ display: 'flex', gap: 12, flexWrap: 'wrap', fontSize: 12 }}>
        {series.map((s) => (
          <span key={s.name}>
            <span style={{ display: 'inline-block', width: 10, height: 10, background: s.color, marginRight: 4 }} />
            {s.name}: {s.values.reduce((a, b) => a + b, 0)}
          </span>
        ))}
        <span>{t('common.total')}: {totals.reduce((a, b) => a + b, 0)}</span>
      </figcaption>
    </figure>
  );
}
