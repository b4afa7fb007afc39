/**
 * Overall mastery over time as a small SVG line chart (a server component: no chart
 * library, nothing to hydrate). Values are 0..1.
 */
export function MasteryChart({ points }: { points: { at: Date; mastery: number }[] }) {
  // Drawn in few units and scaled up: the labels stay at least 12 px on a 390 px phone
  // (14 units × 366/400) and are not huge at the 480 px the chart is allowed on a desktop.
  const width = 400;
  const height = 150;
  const pad = { left: 46, right: 12, top: 12, bottom: 30 };
  if (points.length === 0) return <p className="muted">The chart appears after your first graded quiz.</p>;
  const times = points.map((p) => p.at.getTime());
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = (t: number) => pad.left + (t1 === t0 ? (width - pad.left - pad.right) / 2 : ((t - t0) / (t1 - t0)) * (width - pad.left - pad.right));
  const y = (m: number) => pad.top + (1 - m) * (height - pad.top - pad.bottom);
  const line = points.map((p, i) => `${i === 0 ? "M" : "L"}${x(p.at.getTime()).toFixed(1)},${y(p.mastery).toFixed(1)}`).join(" ");
  const last = points[points.length - 1] as { at: Date; mastery: number };
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: "480px" }} role="img" aria-label={`Mastery over time: ${Math.round(last.mastery * 100)}% now, across ${points.length} graded sessions`} data-testid="mastery-chart">
      {[0, 0.5, 1].map((m) => (
        <g key={m}>
          <line x1={pad.left} x2={width - pad.right} y1={y(m)} y2={y(m)} stroke="currentColor" strokeOpacity={0.15} />
          <text x={pad.left - 6} y={y(m) + 4} fontSize={14} textAnchor="end" fill="currentColor">{Math.round(m * 100)}%</text>
        </g>
      ))}
      <path d={line} fill="none" stroke="var(--accent)" strokeWidth={2.5} />
      {points.map((p) => (
        <circle key={p.at.getTime()} cx={x(p.at.getTime())} cy={y(p.mastery)} r={3.5} fill="var(--accent)">
          <title>{`${day(p.at)}: ${Math.round(p.mastery * 100)}%`}</title>
        </circle>
      ))}
      <text x={pad.left} y={height - 8} fontSize={14} fill="currentColor">{day(points[0]!.at)}</text>
      <text x={width - pad.right} y={height - 8} fontSize={14} textAnchor="end" fill="currentColor">{day(last.at)}</text>
    </svg>
  );
}
