import type { LabCheck } from "@/lib/labs";
import { DIAGNOSIS_TABLE_LABELS } from "./lab-workspace";
import styles from "./labs.module.css";

/** The grade's checks, each with its feedback and points (learner's page and instructor's review). */
export function LabChecks({ checks }: { checks: readonly LabCheck[] }) {
  return (
    <ul className={styles.checks} aria-label="Checks">
      {checks.map((c) => (
        <li key={c.id} className={c.passed ? styles.checkPassed : styles.checkFailed}>
          <strong>{c.passed ? "✓ " : "✗ "}</strong>
          {c.feedback} <span className="muted">({c.points} / {c.maxPoints})</span>
        </li>
      ))}
    </ul>
  );
}

/** "node1, routing table (ip route), “10.0.0.0/8”." */
export function DiagnosisLine({ label, diagnosis }: { label: string; diagnosis: { node?: string; table?: string; entry?: string } }) {
  return (
    <p>
      {label}: {diagnosis.node ?? "—"}, {DIAGNOSIS_TABLE_LABELS[diagnosis.table ?? ""] ?? diagnosis.table ?? "—"}
      {diagnosis.entry ? <>, “{diagnosis.entry}”</> : null}.
    </p>
  );
}
