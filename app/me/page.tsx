import type { Metadata } from "next";
import Link from "next/link";
import { MasteryChart } from "@/components/quiz/mastery-chart";
import { StartAttemptButton } from "@/components/quiz/start-attempt-button";
import { finaliseExpiredAttempts, listAttempts } from "@/lib/attempts.server";
import { requireUser } from "@/lib/auth.server";
import { listLessons } from "@/lib/content/lessons.server";
import { getBank, REVIEW_QUIZ_ID } from "@/lib/content/quiz-banks.server";
import { db } from "@/lib/db.server";
import { masteryOverTime, missedQuestions, topicMastery } from "@/lib/mastery";
import { topicTitle } from "@/lib/content/topics";
import { gradedAnswersOf, gradedLabAnswersOf } from "@/lib/mastery.server";
import { numbersInSeries } from "@/lib/attempt-series";
import { attemptsWithVisibleScore } from "@/lib/review.server";
import { listLessonProgress } from "@/lib/progress.server";
import { listMyCohorts } from "@/lib/cohorts.server";
import { getLab, LABS } from "@/lib/labs";
import { labReviewOf, listLabAttempts } from "@/lib/labs.server";
import styles from "./me.module.css";
import { plural } from "@/lib/text/plural";
import { formatScore } from "@/lib/text/score";
import { LocalTime } from "@/components/ui/local-time";

export const metadata: Metadata = { title: "My progress" };

type Props = { searchParams: Promise<{ joined?: string | string[] }> };

export default async function MyProgressPage({ searchParams }: Props) {
  const user = await requireUser("/me");
  const joinedId = (await searchParams).joined;
  // Attempts whose time ran out while the learner was away are submitted before anything is shown.
  await finaliseExpiredAttempts(db, user.id, getBank);
  const [progress, attempts, graded, cohorts, labAttempts] = await Promise.all([
    listLessonProgress(db, user.id),
    listAttempts(db, user.id),
    gradedAnswersOf(db, user.id),
    listMyCohorts(db, user.id),
    listLabAttempts(db, user.id),
  ]);
  const labs = LABS;
  // An assignment may hold a lab's score back (its review options), as for quizzes.
  const labScoreShown = new Set(
    (await Promise.all(labAttempts.filter((a) => a.status === "submitted").map(async (a) => ((await labReviewOf(db, { ...a, userId: user.id })).showScore ? a.id : null)))).filter(
      (id): id is string => id !== null,
    ),
  );
  const solvedLabs = new Set(labAttempts.filter((a) => labScoreShown.has(a.id) && a.maxScore && a.score === a.maxScore).map((a) => a.labSlug));
  // The join confirmation names a cohort only if the caller really is in it (the id comes from the URL).
  const joined = typeof joinedId === "string" ? cohorts.find((m) => m.cohort.id === joinedId)?.cohort : undefined;
  const numbers = numbersInSeries(attempts);
  // Scores the review options (or an open assignment's lock) hide are hidden here too, and
  // so are their answers from mastery, which would otherwise hint at them.
  const submitted = await db.quizAttempt.findMany({
    where: { userId: user.id, status: "submitted" },
    select: { id: true, userId: true, quizId: true, assignmentId: true, status: true, closesAt: true, questionIds: true },
  });
  const scoreShown = await attemptsWithVisibleScore(db, user.id, submitted);
  const shownAnswers = graded.filter((a) => a.attemptId === undefined || scoreShown.has(a.attemptId));
  const labAnswers = await gradedLabAnswersOf(db, user.id, (id) => labScoreShown.has(id));
  const mastery = topicMastery([...shownAnswers, ...labAnswers]);
  const missed = missedQuestions(shownAnswers);
  const openReview = attempts.find((a) => a.quizId === REVIEW_QUIZ_ID && a.status === "in_progress");
  const lessons = listLessons();
  const done = new Map(progress.filter((p) => p.status === "completed").map((p) => [p.lessonSlug, p]));

  return (
    <>
      <h1>My progress</h1>
      {joined && (
        <p className="callout" role="status" data-testid="joined">
          You joined <strong>{joined.name}</strong>. Its assignments are on the <Link href="/">home page</Link> as they are set.
        </p>
      )}
      <p className="muted">Signed in as {user.email}.</p>
      <h2>My cohorts</h2>
      {cohorts.length === 0 ? (
        <p>You are not in a cohort. <Link href="/join">Join one with a code</Link>.</p>
      ) : (
        <ul data-testid="my-cohorts">
          {cohorts.map((m) => (
            <li key={m.cohort.id} data-cohort={m.cohort.id}>
              <strong>{m.cohort.name}</strong>{" "}
              <span className="muted">
                · {m.cohort._count.assignments === 0 ? "no assignments yet" : plural(m.cohort._count.assignments, "assignment")}
                {m.cohort.archivedAt && " · archived"}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h2>Lessons</h2>
      <p>{done.size} of {lessons.length} lessons completed.</p>
      <progress max={lessons.length} value={done.size} aria-label="Lessons completed" />
      <ul>
        {lessons.map((l) => {
          const row = done.get(l.slug);
          return (
            <li key={l.slug} data-lesson={l.slug}>
              <Link href={`/lessons/${l.slug}`}>{l.title}</Link>{" "}
              {row ? (
                <span className="badge ok">Completed{row.completedAt && <> <LocalTime iso={row.completedAt.toISOString()} /></>}</span>
              ) : (
                <span className="badge">Not done</span>
              )}
            </li>
          );
        })}
      </ul>
      <h2>Mastery by topic</h2>
      {mastery.length === 0 ? (
        <p>Take a quiz to see your mastery per topic.</p>
      ) : (
        <>
          <p className="muted">From your graded answers and labs; recent answers weigh more, so a topic you have improved on shows it.</p>
          <ul className={styles.mastery} data-testid="mastery">
            {mastery.map((m) => (
              <li key={m.topic} data-topic={m.topic}>
                <span className={styles.topic}>{topicTitle(m.topic)}</span>
                <progress max={100} value={Math.round(m.mastery * 100)} aria-label={`${topicTitle(m.topic)} mastery`} />
                <span>{Math.round(m.mastery * 100)}%</span>
                <span className="muted">{plural(m.answered, "answer")}</span>
              </li>
            ))}
          </ul>
          <h3>Over time</h3>
          <MasteryChart points={masteryOverTime([...shownAnswers, ...labAnswers])} />
        </>
      )}
      <h2>Review what I missed</h2>
      {openReview ? (
        <p><Link className="button" href={`/quizzes/${REVIEW_QUIZ_ID}/attempts/${openReview.id}`}>Continue your practice round</Link></p>
      ) : missed.length === 0 ? (
        <p>Nothing to review yet: questions you get wrong will collect here.</p>
      ) : (
        <>
          <p>{plural(missed.length, "question")} whose latest answer was not fully right. A practice round asks them again (path questions with a new cluster).</p>
          <StartAttemptButton quizId={REVIEW_QUIZ_ID} label="Practise what I missed" />
        </>
      )}
      <h2>Labs</h2>
      <p>
        {solvedLabs.size} of {labs.length} <Link href="/labs">troubleshooting labs</Link> solved with full marks.
      </p>
      {labAttempts.length > 0 && (
        <table tabIndex={0} data-testid="lab-attempts">
          <thead>
            <tr><th scope="col">Lab</th><th scope="col">Attempt</th><th scope="col">Status</th><th scope="col">Score</th></tr>
          </thead>
          <tbody>
            {labAttempts.map((a) => (
              <tr key={a.id} data-lab-attempt={a.id}>
                <td>{getLab(a.labSlug)?.title ?? a.labSlug}</td>
                <td>
                  <Link href={`/labs/${a.labSlug}/attempts/${a.id}`}>#{a.attemptNumber}</Link>
                  <span className="muted">{a.assignmentId ? " (assignment)" : " (practice)"}</span>
                </td>
                <td>{a.status === "submitted" ? "Submitted" : a.status === "abandoned" ? "Closed (the lab changed)" : "In progress"}</td>
                <td>{a.status !== "submitted" ? "—" : labScoreShown.has(a.id) && a.score !== null && a.maxScore !== null ? formatScore(a.score, a.maxScore) : "not shown yet"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Quiz attempts</h2>
      {attempts.length === 0 ? (
        <p>No attempts yet.</p>
      ) : (
        <table tabIndex={0}>
          <thead>
            <tr><th scope="col">Quiz</th><th scope="col">Attempt</th><th scope="col">Status</th><th scope="col">Score</th></tr>
          </thead>
          <tbody>
            {attempts.map((a) => (
              <tr key={a.id} data-attempt={a.id}>
                <td>{getBank(a.quizId)?.title ?? a.quizId}</td>
                <td>
                  <Link href={`/quizzes/${a.quizId}/attempts/${a.id}`}>#{numbers.get(a.id)}</Link>
                  <span className="muted">{a.assignmentId ? " (assignment)" : " (practice)"}</span>
                </td>
                <td>{a.status === "submitted" ? "Submitted" : "In progress"}</td>
                <td>
                  {a.status !== "submitted" ? "–" : scoreShown.has(a.id) ? formatScore(a.score ?? 0, a.maxScore ?? 0) : "not shown yet"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
