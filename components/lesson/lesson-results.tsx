"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { ReservedSlot } from "@/components/layout/reserved-slot";
import { useViewer } from "@/lib/browser/viewer";
import { formatScore } from "@/lib/text/score";

/** The JSON of GET /api/progress/lessons/[slug]/results (lib/guidance.server.ts lessonResultsFor). */
interface LessonResults {
  quizzes: { id: string; title: string; best: { attemptId: string; score: number; maxScore: number; href: string } | null }[];
  practise: { topic: string; topicTitle: string; mastery: number; quiz: { id: string; title: string } }[];
}

type State = { kind: "loading" } | { kind: "ready"; results: LessonResults } | { kind: "error" };

/**
 * The learner's best result on the lesson's quizzes and the lesson's topics worth
 * practising, on the static lesson page. Signed out it shows nothing; its space is held
 * until the answer arrives (components/layout/reserved-slot.tsx).
 */
export function LessonResultsBlock({ slug }: { slug: string }) {
  const viewer = useViewer();
  const [state, setState] = useState<State>({ kind: "loading" });
  useEffect(() => {
    if (viewer.status !== "signed-in") return;
    let cancelled = false;
    fetch(`/api/progress/lessons/${slug}/results`, { cache: "no-store" })
      .then((res) => (res.ok ? (res.json() as Promise<LessonResults>) : Promise.reject(new Error(String(res.status)))))
      .then((results) => !cancelled && setState({ kind: "ready", results }))
      .catch(() => !cancelled && setState({ kind: "error" }));
    return () => {
      cancelled = true;
    };
  }, [slug, viewer.status]);

  const ready = viewer.status === "signed-out" || (viewer.status === "signed-in" && state.kind !== "loading");
  return (
    <ReservedSlot name="lesson-results" ready={ready}>
      {viewer.status === "signed-in" && state.kind === "error" && <p className="muted">Your results could not be loaded. Reload the page to try again.</p>}
      {viewer.status === "signed-in" && state.kind === "ready" && <Results results={state.results} />}
    </ReservedSlot>
  );
}

function Results({ results }: { results: LessonResults }) {
  return (
    <div data-testid="lesson-results">
      <ul className="plain-list">
        {results.quizzes.map((q) => (
          <li key={q.id} data-quiz={q.id}>
            {q.best ? (
              <>
                Your best on {q.title}: <Link href={q.best.href}><strong>{formatScore(q.best.score, q.best.maxScore)}</strong></Link>
              </>
            ) : (
              <span className="muted">No result on {q.title} yet.</span>
            )}
          </li>
        ))}
      </ul>
      {results.practise.length > 0 && (
        <p data-testid="lesson-practise">
          Worth practising:{" "}
          {results.practise.map((p, i) => (
            <span key={p.topic}>
              {i > 0 && " · "}
              <Link href={`/quizzes/${p.quiz.id}`}>{p.topicTitle}</Link> <span className="muted">({Math.round(p.mastery * 100)}% mastery)</span>
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
