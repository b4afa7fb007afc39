import { CourseProgressProvider, CourseProgressSummary } from "@/components/lesson/course-progress";
import { LessonCard } from "@/components/lesson/lesson-card";
import { CourseGuidance } from "@/components/lesson/course-guidance";
import { MyAssignments } from "@/components/teach/my-assignments";
import { listLessons } from "@/lib/content/lessons.server";

/**
 * The course home, prerendered at build: it reads no request data (no cookies, no session),
 * and each learner's own state (status badges, progress, import offer) arrives through the
 * client leaves in components/lesson/course-progress.tsx.
 */
export default function CourseHome() {
  const lessons = listLessons();
  const titles = new Map(lessons.map((l) => [l.slug, l.title]));
  return (
    <CourseProgressProvider>
      <h1>Kubernetes pod networking, hop by hop</h1>
      <p className="muted">
        Follow the learning path from the Kubernetes interfaces to Flannel, Calico and Services. Every packet path in these
        lessons is computed by the same simulator that grades the quizzes.
      </p>
      <CourseProgressSummary total={lessons.length} />
      {lessons[0] && <CourseGuidance firstLesson={{ slug: lessons[0].slug, title: lessons[0].title }} />}
      <MyAssignments />
      <h2 id="learning-path">Learning path</h2>
      <ol className="path" aria-labelledby="learning-path">
        {lessons.map((lesson) => (
          <LessonCard
            key={lesson.slug}
            lesson={lesson}
            meta={
              <>
                <span>About {lesson.minutes} min</span>
                {lesson.prerequisites.length > 0 && <> · after: {lesson.prerequisites.map((p) => titles.get(p) ?? p).join(", ")}</>}
              </>
            }
          />
        ))}
      </ol>
    </CourseProgressProvider>
  );
}
