"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { ReservedSlot } from "@/components/layout/reserved-slot";
import { LocalTime } from "@/components/ui/local-time";
import { useViewer } from "@/lib/browser/viewer";
import type { Guidance } from "@/lib/guidance";

/** The JSON of GET /api/guidance (lib/guidance.server.ts guidanceFor). */
type GuidanceAnswer = Omit<Guidance, "practise"> & { practise: (NonNullable<Guidance["practise"]> & { topicTitle: string }) | null };

type State = { kind: "loading" } | { kind: "ready"; guidance: GuidanceAnswer } | { kind: "error" };

/**
 * "Continue where you left off" on the static course home (docs/decisions/019-course-guidance.md).
 * Signed in, it asks GET /api/guidance; signed out, it points at the first lesson and
 * sign-in. The signed-out text is known at build, so it holds the place invisibly until
 * the viewer is known, and the remembered height does afterwards.
 */
export function CourseGuidance({ firstLesson }: { firstLesson: { slug: string; title: string } }) {
  const viewer = useViewer();
  const [state, setState] = useState<State>({ kind: "loading" });
  useEffect(() => {
    if (viewer.status !== "signed-in") return;
    let cancelled = false;
    fetch("/api/guidance", { cache: "no-store" })
      .then((res) => (res.ok ? (res.json() as Promise<GuidanceAnswer>) : Promise.reject(new Error(String(res.status)))))
      .then((guidance) => !cancelled && setState({ kind: "ready", guidance }))
      .catch(() => !cancelled && setState({ kind: "error" }));
    return () => {
      cancelled = true;
    };
  }, [viewer.status]);

  const signedOut = <SignedOutGuidance firstLesson={firstLesson} />;
  const ready = viewer.status === "signed-out" || (viewer.status === "signed-in" && state.kind !== "loading");
  return (
    <ReservedSlot name="course-guidance" ready={ready} placeholder={signedOut}>
      {viewer.status === "signed-out" && signedOut}
      {viewer.status === "signed-in" && state.kind === "error" && (
        <section className="guidance" aria-labelledby="guidance-heading">
          <h2 id="guidance-heading">What to do next</h2>
          <p className="muted">Your next steps could not be loaded. Reload the page to try again.</p>
        </section>
      )}
      {viewer.status === "signed-in" && state.kind === "ready" && <SignedInGuidance guidance={state.guidance} />}
    </ReservedSlot>
  );
}

function SignedOutGuidance({ firstLesson }: { firstLesson: { slug: string; title: string } }) {
  return (
    <section className="guidance" aria-labelledby="guidance-heading" data-testid="guidance">
      <h2 id="guidance-heading">Where to start</h2>
      <p>
        Begin with <Link href={`/lessons/${firstLesson.slug}`}>{firstLesson.title}</Link>. Have an account? Continue where you left off
        and see what to practise by <Link href="/signin">signing in</Link>.
      </p>
    </section>
  );
}

function SignedInGuidance({ guidance }: { guidance: GuidanceAnswer }) {
  const { nextLesson, practise, assignments } = guidance;
  return (
    <section className="guidance" aria-labelledby="guidance-heading" data-testid="guidance">
      <h2 id="guidance-heading">{nextLesson?.state === "in_progress" ? "Continue where you left off" : "What to do next"}</h2>
      <ul>
        <li data-testid="guidance-lesson">
          {nextLesson ? (
            <>
              {nextLesson.state === "in_progress" ? "Continue" : "Next lesson"}: <Link href={`/lessons/${nextLesson.slug}`}>{nextLesson.title}</Link>
            </>
          ) : (
            <>You have completed every lesson.</>
          )}
        </li>
        {practise && (
          <li data-testid="guidance-practise">
            Practise <strong>{practise.topicTitle}</strong> ({Math.round(practise.mastery * 100)}% mastery): <Link href={`/quizzes/${practise.quiz.id}`}>{practise.quiz.title}</Link>
          </li>
        )}
        {assignments.map((a) => (
          <li key={a.id} data-testid="guidance-assignment">
            Assignment <Link href={a.href}>{a.title}</Link> ({a.cohortName}), due <LocalTime iso={a.dueAt} />
          </li>
        ))}
      </ul>
    </section>
  );
}
