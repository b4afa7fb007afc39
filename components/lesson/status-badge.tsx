import type { LessonStatus } from "@/lib/progress-entry";
import styles from "./status-badge.module.css";

export type LessonDisplayStatus = LessonStatus | "not_started";

const LABELS: Record<LessonDisplayStatus, { icon: string; text: string }> = {
  not_started: { icon: "○", text: "Not started" },
  in_progress: { icon: "◐", text: "In progress" },
  completed: { icon: "✓", text: "Completed" },
};

/**
 * A lesson's state as an icon and words (never colour alone). The icon is decoration; the
 * words are what is read out. A `placeholder` badge is invisible and hidden from assistive
 * technology: it only holds the place of one that is still loading.
 */
export function StatusBadge({ status, placeholder = false }: { status: LessonDisplayStatus; placeholder?: boolean }) {
  const { icon, text } = LABELS[status];
  if (placeholder) {
    return (
      <span className={`badge ${styles.status} ${styles.placeholder}`} aria-hidden="true">
        <span>{icon}</span> <span>{text}</span>
      </span>
    );
  }
  return (
    <span className={`badge ${styles.status} ${styles[status]}`} data-status={status}>
      <span aria-hidden="true">{icon}</span> <span>{text}</span>
    </span>
  );
}
