import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LessonCompletion } from "@/components/lesson/lesson-completion";
import { LessonResultsBlock } from "@/components/lesson/lesson-results";
import { LessonBody } from "@/components/mdx/lesson-body";
import { checkYourselfBlocksOf } from "@/lib/content/check-yourself.server";
import { getLesson, listLessons } from "@/lib/content/lessons.server";
import { plural } from "@/lib/text/plural";
import { loadBanks } from "@/lib/content/quiz-banks.server";
import { LABS } from "@/lib/labs";
import type { LessonHeading } from "@/lib/content/lesson-schema";
import { compileLesson } from "@/lib/mdx.server";

// Every lesson is generated at build time; an unknown slug is a 404, never a compile.
export const dynamicParams = false;

export function generateStaticParams() {
  return listLessons().map((l) => ({ slug: l.slug }));
}

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const lesson = getLesson((await params).slug);
  return lesson ? { title: lesson.title, description: lesson.summary } : {};
}

export default async function LessonPage({ params }: Props) {
  const { slug } = await params;
  const lesson = getLesson(slug);
  if (!lesson) notFound();
  const { code, headings: bodyHeadings } = await compileLesson(slug);
  // The check-yourself block renders its own heading; list it in the table of contents before "Sources".
  const headings =
    checkYourselfBlocksOf(slug).length > 0
      ? insertBefore(bodyHeadings, "sources", { depth: 2, text: "Check yourself", id: "check-yourself" })
      : bodyHeadings;
  const lessons = listLessons();
  const index = lessons.findIndex((l) => l.slug === slug);
  const prev = lessons[index - 1];
  const next = lessons[index + 1];
  const quizzes = [...loadBanks().values()].filter((b) => b.lesson === slug);
  const labs = LABS.filter((lab) => lab.lessons.includes(slug));

  return (
    <div className="lesson-layout">
      <article className="lesson-body">
        <p className="muted">Lesson {lesson.order} · {lesson.minutes} min</p>
        <h1>{lesson.title}</h1>
        <p><em>{lesson.summary}</em></p>
        <p className="muted lesson-versions" data-testid="lesson-versions">
          Describes {lesson.describes.map((d) => `${d.project} ${d.version}`).join(", ")} · facts checked{" "}
          <time dateTime={lesson.factsChecked}>{lesson.factsChecked}</time>
        </p>
        {/* On a narrow screen the table of contents folds up under the title instead of pushing the lesson down. */}
        <nav className="toc toc-inline" aria-label="On this page">
          <details>
            <summary>On this page ({headings.length} sections)</summary>
            <TableOfContents headings={headings} />
          </details>
        </nav>
        <LessonBody code={code} />
        {quizzes.length > 0 && (
          <section aria-labelledby="quiz-heading">
            <h2 id="quiz-heading">Test yourself</h2>
            <ul>
              {quizzes.map((q) => (
                <li key={q.id}>
                  <Link href={`/quizzes/${q.id}`}>{q.title}</Link> ({plural(q.draw ? q.draw.count : q.questions.length, "question")}, graded)
                </li>
              ))}
            </ul>
            <LessonResultsBlock slug={slug} />
          </section>
        )}
        {labs.length > 0 && (
          <section aria-labelledby="labs-heading">
            <h2 id="labs-heading">Practise in a lab</h2>
            <ul>
              {labs.map((lab) => (
                <li key={lab.slug}>
                  <Link href={`/labs/${lab.slug}`}>{lab.title}</Link>: a broken cluster to investigate, fix and be graded on
                </li>
              ))}
            </ul>
          </section>
        )}
        <section aria-labelledby="references-heading">
          {/* The lesson body ends with its own annotated "Sources"; this is the frontmatter's plain list. */}
          <h2 id="references-heading">References</h2>
          <ul>
            {lesson.sources.map((s) => (
              <li key={s.url}><a href={s.url} rel="noopener noreferrer">{s.title}</a></li>
            ))}
          </ul>
        </section>
        <LessonCompletion slug={slug} />
        <nav className="pager" aria-label="Lesson navigation">
          {prev ? <Link href={`/lessons/${prev.slug}`} rel="prev">← {prev.title}</Link> : <span />}
          {next ? <Link href={`/lessons/${next.slug}`} rel="next">{next.title} →</Link> : <span />}
        </nav>
      </article>
      <nav className="toc toc-side" aria-label="On this page">
        <strong>On this page</strong>
        <TableOfContents headings={headings} />
      </nav>
    </div>
  );
}

function insertBefore(headings: LessonHeading[], beforeId: string, heading: LessonHeading): LessonHeading[] {
  const at = headings.findIndex((h) => h.id === beforeId);
  return at < 0 ? [...headings, heading] : [...headings.slice(0, at), heading, ...headings.slice(at)];
}

function TableOfContents({ headings }: { headings: LessonHeading[] }) {
  return (
    <ol>
      {headings.map((h) => (
        <li key={h.id} className={`depth-${h.depth}`}><a href={`#${h.id}`}>{h.text}</a></li>
      ))}
    </ol>
  );
}
