"use client";
import Link from "next/link";
import { useViewer } from "@/lib/browser/viewer";
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from "react";
import type { LessonStatus } from "@/lib/progress-entry";
import { ReservedSlot } from "@/components/layout/reserved-slot";
import { ImportLocalProgress } from "./import-local-progress";
import { getLocalProgress, getServerLocalProgress, subscribeLocalProgress } from "./local-progress";
import { StatusBadge } from "./status-badge";

/**
 * The learner's own state on the static course home. The page lists the lessons (built
 * once); this provider fetches the signed-in learner's progress once (or reads this
 * browser's, signed out) and the badges inside it read from it.
 */
type CourseProgress =
  | { kind: "loading" }
  | { kind: "ready"; source: "account" | "browser"; statuses: Readonly<Record<string, LessonStatus>> }
  | { kind: "error"; message: string };

const CourseProgressContext = createContext<CourseProgress>({ kind: "loading" });

type AccountFetch = { kind: "loading" } | { kind: "ready"; statuses: Record<string, LessonStatus> } | { kind: "error"; message: string };

export function CourseProgressProvider({ children }: { children: ReactNode }) {
  const { status } = useViewer();
  const local = useSyncExternalStore(subscribeLocalProgress, getLocalProgress, getServerLocalProgress);
  const [account, setAccount] = useState<AccountFetch>({ kind: "loading" });

  useEffect(() => {
    if (status !== "signed-in") return;
    let cancelled = false;
    fetch("/api/progress/lessons")
      .then(async (res) => {
        const data = (await res.json()) as { lessons?: { slug: string; status: LessonStatus }[]; error?: string };
        if (!res.ok || !data.lessons) throw new Error(data.error ?? "Could not load your progress.");
        return Object.fromEntries(data.lessons.map((l) => [l.slug, l.status]));
      })
      .then((statuses) => !cancelled && setAccount({ kind: "ready", statuses }))
      .catch((error: Error) => !cancelled && setAccount({ kind: "error", message: error.message }));
    return () => {
      cancelled = true;
    };
    // `local` is a dependency so that an import (which empties it) re-reads the account.
  }, [status, local]);

  let value: CourseProgress = { kind: "loading" };
  if (status === "signed-out") {
    value = { kind: "ready", source: "browser", statuses: Object.fromEntries(Object.values(local).map((l) => [l.slug, l.status])) };
  } else if (status === "signed-in" && account.kind !== "loading") {
    value = account.kind === "ready" ? { kind: "ready", source: "account", statuses: account.statuses } : account;
  }
  return <CourseProgressContext.Provider value={value}>{children}</CourseProgressContext.Provider>;
}

/**
 * One lesson's badge on the course home. Until the state is known it shows no words (no
 * false "Not started") but holds the widest badge's place, so titles do not re-wrap when
 * the badges arrive.
 */
export function LessonStatusBadge({ slug }: { slug: string }) {
  const progress = useContext(CourseProgressContext);
  if (progress.kind !== "ready") return <StatusBadge status="in_progress" placeholder />;
  return <StatusBadge status={progress.statuses[slug] ?? "not_started"} />;
}

/** "3 of 18 lessons completed", where that state is kept, and the import offer when there is local progress. */
export function CourseProgressSummary({ total }: { total: number }) {
  const progress = useContext(CourseProgressContext);
  const { status } = useViewer();
  const done = progress.kind === "ready" ? Object.values(progress.statuses).filter((s) => s === "completed").length : 0;
  return (
    // While loading, the signed-out line (the most common, and as tall as the signed-in one) holds the place.
    <ReservedSlot name="course-progress" ready={progress.kind !== "loading"} placeholder={<ProgressLine done={0} total={total} source="browser" />}>
      {progress.kind === "error" && <p role="alert" className="form-error">{progress.message}</p>}
      {progress.kind === "ready" && (
        <>
          {status === "signed-in" && <ImportLocalProgress />}
          <ProgressLine done={done} total={total} source={progress.source} testId="course-progress" />
        </>
      )}
    </ReservedSlot>
  );
}

function ProgressLine({ done, total, source, testId }: { done: number; total: number; source: "account" | "browser"; testId?: string }) {
  return (
    <p data-testid={testId}>
      {done} of {total} lessons completed{" "}
      {source === "account" ? (
        <span className="muted">
          (saved to your account; see <Link href="/me">My progress</Link>)
        </span>
      ) : (
        <span className="muted">
          (saved in this browser; <Link href="/signup">create an account</Link> to keep it)
        </span>
      )}
    </p>
  );
}
