import type { Metadata } from "next";
import Link from "next/link";
import { listAttempts } from "@/lib/attempts.server";
import { requireUser } from "@/lib/auth.server";
import { listLessons } from "@/lib/content/lessons.server";
import { getBank } from "@/lib/content/quiz-banks.server";
import { db } from "@/lib/db.server";
import { listLessonProgress } from "@/lib/progress.server";

export const metadata: Metadata = { title: "My progress" };

export default async function MyProgressPage() {
  const user = await requireUser("/me");
  const [progress, attempts] = await Promise.all([listLessonProgress(db, user.id), listAttempts(db, user.id)]);
  const lessons = listLessons();
  const done = new Map(progress.filter((p) => p.status === "completed").map((p) => [p.lessonSlug, p]));

  return (
    <>
      <h1>My progress</h1>
      <p className="muted">Signed in as {user.email}.</p>
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
                <span className="badge ok">Completed {row.completedAt?.toISOString().slice(0, 10)}</span>
              ) : (
                <span className="badge">Not done</span>
              )}
            </li>
          );
        })}
      </ul>
      <h2>Quiz attempts</h2>
      {attempts.length === 0 ? (
        <p>No attempts yet.</p>
      ) : (
        <table>
          <thead>
            <tr><th scope="col">Quiz</th><th scope="col">Attempt</th><th scope="col">Status</th><th scope="col">Score</th></tr>
          </thead>
          <tbody>
            {attempts.map((a) => (
              <tr key={a.id} data-attempt={a.id}>
                <td>{getBank(a.quizId)?.title ?? a.quizId}</td>
                <td><Link href={`/quizzes/${a.quizId}/attempts/${a.id}`}>#{a.attemptNumber}</Link></td>
                <td>{a.status === "submitted" ? "Submitted" : "In progress"}</td>
                <td>{a.status === "submitted" ? `${a.score ?? 0} / ${a.maxScore ?? 0}` : "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
