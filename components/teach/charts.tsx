import type { Bar, WeekPoint } from "@/lib/cohort-dashboard";
import styles from "./teach.module.css";

/**
 * Server-rendered SVG charts (no chart library, no client JavaScript). Each chart has a
 * text alternative: a title and a data table under a disclosure, for screen readers and
 * for anyone who wants the numbers.
 */
const pct = (v: number) => `${Math.round(v * 100)}%`;

/**
 * Bars drawn in HTML rather than SVG: the labels wrap and keep the page's text size on any
 * screen, where a scaled SVG shrank them to 5 px on a phone and had to cut long topic names.
 */
export function BarChart({ title, bars, weakBelow = 0.5 }: { title: string; bars: Bar[]; weakBelow?: number }) {
  return (
    <figure>
      <div className={styles.barChart} role="img" aria-label={title}>
        {bars.map((b) => (
          <div key={b.key} className={styles.barRow}>
            <span className={styles.barLabel}>{b.label}</span>
            <span className={styles.barTrack}>
              <span className={`${styles.bar} ${b.value < weakBelow ? styles.weak : ""}`} style={{ width: `${Math.round(Math.max(0, Math.min(1, b.value)) * 100)}%` }} />
            </span>
            <span className={styles.barValue}>{pct(b.value)}</span>
          </div>
        ))}
      </div>
      <details>
        <summary>{title}: data</summary>
        <table tabIndex={0}>
          <tbody>{bars.map((b) => <tr key={b.key}><th scope="row">{b.label}</th><td>{pct(b.value)}</td><td>{b.detail}</td></tr>)}</tbody>
        </table>
      </details>
    </figure>
  );
}

export function ProgressChart({ title, weeks }: { title: string; weeks: WeekPoint[] }) {
  // Few units, scaled up to at most 420 px (teach.module.css): labels stay ≥ 12 px where a
  // phone gives the chart 280 px.
  const w = 280;
  const h = 150;
  const pad = 40;
  const step = weeks.length > 1 ? (w - 2 * pad) / (weeks.length - 1) : 0;
  const maxSub = Math.max(1, ...weeks.map((p) => p.submissions));
  // A single week sits in the middle rather than on the axis.
  const x = (i: number) => (weeks.length > 1 ? pad + i * step : w / 2);
  const y = (v: number) => h - pad - v * (h - 2 * pad);
  const line = weeks.map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(p.lessonsCompleted).toFixed(1)}`).join(" ");
  const barW = Math.max(4, Math.min(24, step * 0.5 || 24));
  return (
    <figure>
      <svg className={styles.chart} viewBox={`0 0 ${w} ${h}`} width="100%" role="img" aria-label={title}>
        <title>{title}</title>
        <line className={styles.axis} x1={pad} y1={h - pad} x2={w - pad} y2={h - pad} />
        <line className={styles.axis} x1={pad} y1={pad} x2={pad} y2={h - pad} />
        <text x={pad - 4} y={pad + 4} textAnchor="end">100%</text>
        <text x={pad - 4} y={h - pad + 4} textAnchor="end">0</text>
        {weeks.map((p, i) => (
          <rect key={`s${i}`} className={styles.bar} opacity={0.35} x={x(i) - barW / 2} y={y(p.submissions / maxSub)} width={barW} height={(p.submissions / maxSub) * (h - 2 * pad)} />
        ))}
        <path d={line} fill="none" stroke="currentColor" strokeWidth={2} />
        {weeks.map((p, i) => <circle key={`c${i}`} cx={x(i)} cy={y(p.lessonsCompleted)} r={3} fill="currentColor" />)}
        <text x={pad} y={h - 8}>{weeks[0]?.weekStart.toISOString().slice(0, 10)}</text>
        {weeks.length > 1 && <text x={w - pad} y={h - 8} textAnchor="end">{weeks[weeks.length - 1]?.weekStart.toISOString().slice(0, 10)}</text>}
      </svg>
      <figcaption className="muted">Line: average share of lessons completed per learner. Bars: quiz attempts submitted that week (tallest = {maxSub}).</figcaption>
      <details>
        <summary>{title}: data</summary>
        <table tabIndex={0}>
          <thead><tr><th scope="col">Week of</th><th scope="col">Lessons completed (mean)</th><th scope="col">Submissions</th></tr></thead>
          <tbody>{weeks.map((p) => <tr key={p.weekStart.toISOString()}><td>{p.weekStart.toISOString().slice(0, 10)}</td><td>{pct(p.lessonsCompleted)}</td><td>{p.submissions}</td></tr>)}</tbody>
        </table>
      </details>
    </figure>
  );
}
