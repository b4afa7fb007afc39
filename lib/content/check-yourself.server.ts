import "server-only";
import type { Question } from "../quiz/bank-schema";
import { listLessons, readLessonSource, splitFrontmatter } from "./lessons.server";
import { findMdxTags } from "./mdx-tags";
import { findQuestion, getBank } from "./quiz-banks.server";

/** A `<CheckYourself quiz="..." questions={[...]} />` block in a lesson. */
export interface CheckYourselfBlock {
  lesson: string;
  line: number;
  quiz: string;
  questions: string[];
}

/** Reads the block's props; throws naming the lesson and line when they are not a quiz id and a list of question ids. */
export function checkYourselfBlocksOf(slug: string): CheckYourselfBlock[] {
  const file = `content/lessons/${slug}.mdx`;
  return findMdxTags(splitFrontmatter(readLessonSource(slug)).body, "CheckYourself", file).map((tag) => {
    const { quiz, questions } = tag.props;
    if (typeof quiz !== "string" || !Array.isArray(questions) || questions.length === 0 || !questions.every((q) => typeof q === "string")) {
      throw new Error(`${file}:${tag.line}: <CheckYourself> needs quiz="bank-id" and questions={["question-id", ...]}`);
    }
    return { lesson: slug, line: tag.line, quiz, questions: questions as string[] };
  });
}

let practice: Map<string, Set<string>> | null = null;

/**
 * The questions lessons show as "check yourself" practice, by bank. Only these may be
 * graded anonymously by /api/check: the rest of a bank's keys stay behind graded attempts.
 */
function practiceQuestions(): Map<string, Set<string>> {
  if (practice && process.env.NODE_ENV !== "development") return practice;
  const map = new Map<string, Set<string>>();
  for (const lesson of listLessons()) {
    for (const block of checkYourselfBlocksOf(lesson.slug)) {
      const ids = map.get(block.quiz) ?? new Set<string>();
      block.questions.forEach((q) => ids.add(q));
      map.set(block.quiz, ids);
    }
  }
  practice = map;
  return map;
}

/** A question a lesson offers for self-checking, with its key (server only), or null. */
export function getPracticeQuestion(quizId: string, questionId: string): Question | null {
  if (!practiceQuestions().get(quizId)?.has(questionId)) return null;
  const bank = getBank(quizId);
  return bank ? findQuestion(bank, questionId) : null;
}

/** The ids of a bank's questions that lessons show as "check yourself": their keys are public, so graded draws leave them out. */
export function practicePoolOf(quizId: string): ReadonlySet<string> {
  return practiceQuestions().get(quizId) ?? new Set();
}
