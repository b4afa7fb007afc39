import type { Metadata } from "next";
import Link from "next/link";
import { getLesson } from "@/lib/content/lessons.server";
import { loadBanks } from "@/lib/content/quiz-banks.server";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "All quizzes", description: "Every graded quiz of CNI Academy and the lesson it belongs to." };

/**
 * The quiz catalogue, prerendered at build. It names what a quiz asks (its size, its
 * lesson), never a question: the banks' keys stay on the server.
 */
export default function QuizCatalogue() {
  const lessonOrder = (slug: string | undefined) => (slug ? (getLesson(slug)?.order ?? Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER);
  const quizzes = [...loadBanks().values()].sort((a, b) => lessonOrder(a.lesson) - lessonOrder(b.lesson) || a.title.localeCompare(b.title));
  return (
    <>
      <h1>All quizzes</h1>
      <p className="muted">
        {plural(quizzes.length, "quiz", "quizzes")}, graded on the server and saved to your progress. <Link href="/lessons">See all lessons</Link>.
      </p>
      <ul className="path" aria-label="Quizzes" data-testid="quiz-catalogue">
        {quizzes.map((quiz) => {
          const lesson = quiz.lesson ? getLesson(quiz.lesson) : null;
          return (
            <li key={quiz.id} data-quiz={quiz.id}>
              <div className="path-title">
                <Link href={`/quizzes/${quiz.id}`}>
                  <strong>{quiz.title}</strong>
                </Link>
              </div>
              <div className="meta">
                {quiz.draw ? `${plural(quiz.draw.count, "question")} drawn from ${quiz.questions.length}` : plural(quiz.questions.length, "question")}
                {" · pass mark "}{Math.round(quiz.passMark * 100)}%
                {lesson && (
                  <>
                    {" · lesson: "}
                    <Link href={`/lessons/${lesson.slug}`}>{lesson.title}</Link>
                  </>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
