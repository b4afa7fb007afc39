import Link from "next/link";
import type { ReactNode } from "react";
import { LessonStatusBadge } from "./course-progress";

/**
 * One lesson in a list (the course home's learning path, the /lessons catalogue): numbered
 * title, the learner's status badge (filled in the browser), summary and a line of facts that
 * each list chooses.
 */
export function LessonCard({ lesson, meta }: { lesson: { slug: string; order: number; title: string; summary: string }; meta: ReactNode }) {
  return (
    <li data-lesson={lesson.slug}>
      <div className="path-title">
        <Link href={`/lessons/${lesson.slug}`}>
          <strong>{lesson.order}. {lesson.title}</strong>
        </Link>
        <LessonStatusBadge slug={lesson.slug} />
      </div>
      <div>{lesson.summary}</div>
      <div className="meta">{meta}</div>
    </li>
  );
}
