"use client";
import Link from "next/link";
import { useViewer } from "@/lib/browser/viewer";
import { useEffect, useState, type ReactNode } from "react";
import type { MyAssignment } from "@/lib/assignments.server";
import { ReservedSlot } from "@/components/layout/reserved-slot";
import { ActionButton } from "./action-button";
import styles from "./teach.module.css";
import { LocalTime } from "@/components/ui/local-time";

const STATUS: Record<MyAssignment["summary"]["status"], string> = {
  not_started: "Not started",
  in_progress: "In progress",
  submitted: "Submitted",
  late: "Submitted late",
};

/**
 * The signed-in learner's assignments (and, for instructors, a link to their cohorts) on
 * the course home. A client leaf that fetches /api/assignments, so the home page itself
 * stays static.
 */
export function MyAssignments() {
  const viewer = useViewer();
  const [content, ready] = useMyAssignments(viewer.status);
  return (
    <ReservedSlot name="my-assignments" ready={ready}>
      {content}
    </ReservedSlot>
  );
}

/** The block's content, and whether it is final (so the reserved space can be released). */
function useMyAssignments(status: ReturnType<typeof useViewer>["status"]): [ReactNode, boolean] {
  const [data, setData] = useState<{ assignments: MyAssignment[]; staff: boolean } | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (status !== "signed-in") return;
    let live = true;
    fetch("/api/assignments", { cache: "no-store" })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((d: { assignments: MyAssignment[]; staff: boolean }) => live && setData(d))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [status]);

  if (status === "loading") return [null, false];
  if (status !== "signed-in") return [null, true];
  if (failed) return [<p key="failed" className="muted">Your assignments could not be loaded. Reload the page to try again.</p>, true];
  if (!data) return [null, false];
  if (data.assignments.length === 0 && !data.staff) return [null, true];
  const section = (
    <section aria-labelledby="my-assignments-heading">
      <h2 id="my-assignments-heading">My assignments</h2>
      {data.staff && <p><Link href="/teach">Your cohorts, gradebooks and item analysis →</Link></p>}
      {data.assignments.length === 0 ? (
        <p className="muted">No assignments. <Link href="/join">Join a cohort with a code</Link>.</p>
      ) : (
        <ul className={styles.cards}>
          {data.assignments.map((a) => (
            <li key={a.id} className={styles.card} data-assignment={a.id}>
              <strong>{a.title}</strong> <span className={`${styles.status} ${styles[a.summary.status]}`}>{STATUS[a.summary.status]}</span>
              <div className="muted">
                {a.cohortName} · due <LocalTime iso={a.dueAt} />
                {a.kind === "lab" && <> · troubleshooting lab</>}
                {a.attemptsAllowed !== null && a.kind !== "lessons" && <> · {a.summary.attemptCount} / {a.attemptsAllowed} attempts</>}
                {a.timeLimitSeconds && <> · {Math.round(a.timeLimitSeconds / 60)} min</>}
                {a.summary.bestFraction !== null && a.kind !== "lessons" && a.summary.lastSubmittedAt && <> · best {Math.round(a.summary.bestFraction * 100)}%</>}
              </div>
              {a.kind === "lessons" ? (
                <ul>{a.lessons.map((l) => <li key={l.slug}><Link href={`/lessons/${l.slug}`}>{l.title}</Link></li>)}</ul>
              ) : a.openAttemptId ? (
                <Link className="button" href={a.kind === "lab" ? `/labs/${a.labSlug}/attempts/${a.openAttemptId}` : `/quizzes/${a.quizId}/attempts/${a.openAttemptId}`}>Continue</Link>
              ) : a.canStart ? (
                <ActionButton action={`/api/assignments/${a.id}/attempts`} label={a.summary.attemptCount ? "Start another attempt" : "Start"} />
              ) : (
                a.blockedReason && <div className="muted">{a.blockedReason}</div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
  return [section, true];
}
