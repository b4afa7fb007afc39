import Link from "next/link";
import { MyAssignments } from "@/components/teach/my-assignments";
import { listLessons } from "@/lib/content/lessons.server";

export default function CourseHome() {
  const lessons = listLessons();
  return (
    <>
      <h1>Kubernetes pod networking, hop by hop</h1>
      <p className="muted">
        Follow the learning path from the Kubernetes interfaces to Flannel, Calico and Services. Every packet path in these
        lessons is computed by the same simulator that grades the quizzes.
      </p>
      <MyAssignments />
      <h2>Learning path</h2>
      <ol className="path">
        {lessons.map((lesson) => (
          <li key={lesson.slug}>
            <Link href={`/lessons/${lesson.slug}`}><strong>{lesson.order}. {lesson.title}</strong></Link>
            <div>{lesson.summary}</div>
            <div className="meta">
              {lesson.minutes} min
              {lesson.prerequisites.length > 0 && <> · after: {lesson.prerequisites.join(", ")}</>}
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}
