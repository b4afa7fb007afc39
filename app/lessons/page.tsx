import type { Metadata } from "next";
import Link from "next/link";
import { CourseProgressProvider } from "@/components/lesson/course-progress";
import { LessonCard } from "@/components/lesson/lesson-card";
import { listLessons } from "@/lib/content/lessons.server";
import { loadBanks } from "@/lib/content/quiz-banks.server";
import { topicTitle } from "@/lib/content/topics";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "All lessons", description: "Every lesson of CNI Academy with its summary and topics." };

/**
 * The lesson catalogue, prerendered at build like the course home. Only the status badges
 * are the learner's, filled in the browser; each holds the widest badge's place meanwhile.
 */
export default function LessonCatalogue() {
  const lessons = listLessons();
  const quizCount = new Map<string, number>();
  for (const bank of loadBanks().values()) if (bank.lesson) quizCount.set(bank.lesson, (quizCount.get(bank.lesson) ?? 0) + 1);
  return (
    <CourseProgressProvider>
      <h1>All lessons</h1>
      <p className="muted">
        {plural(lessons.length, "lesson")} in learning-path order. <Link href="/quizzes">See all quizzes</Link>.
      </p>
      <ol className="path" aria-label="Lessons" data-testid="lesson-catalogue">
        {lessons.map((lesson) => (
          <LessonCard
            key={lesson.slug}
            lesson={lesson}
            meta={
              <>
                {lesson.topics.length > 0 && <>Topics: {lesson.topics.map(topicTitle).join(", ")} · </>}
                About {lesson.minutes} min
                {(quizCount.get(lesson.slug) ?? 0) > 0 && <> · {plural(quizCount.get(lesson.slug) ?? 0, "quiz", "quizzes")}</>}
              </>
            }
          />
        ))}
      </ol>
    </CourseProgressProvider>
  );
}
