/**
 * What a learner should do next, chosen from what they did: pure, so the rules are tested
 * without a database (docs/decisions/019-course-guidance.md). The server shell
 * (guidance.server.ts) gathers the facts; the course home and each lesson show the choice.
 */
import type { TopicMastery } from "./mastery";

/** Below this mastery a topic is worth practising; the same bar as a quiz's usual pass mark. */
export const WEAK_MASTERY = 0.7;

export type LessonState = "not_started" | "in_progress" | "completed";

export interface LessonRef {
  slug: string;
  title: string;
}

export interface QuizRef {
  id: string;
  title: string;
  topics: readonly string[];
}

export interface ScoredAttempt {
  id: string;
  quizId: string;
  score: number | null;
  maxScore: number | null;
  submittedAt: Date | null;
}

export interface OpenAssignment {
  id: string;
  title: string;
  cohortName: string;
  dueAt: string;
  /** Where to go on with it: the open attempt, the quiz, or its first unfinished lesson. */
  href: string;
}

export interface PractiseSuggestion {
  topic: string;
  mastery: number;
  quiz: { id: string; title: string };
}

export interface Guidance {
  /** The lesson to open next, or null when every lesson is completed. */
  nextLesson: (LessonRef & { state: Exclude<LessonState, "completed"> }) | null;
  practise: PractiseSuggestion | null;
  assignments: OpenAssignment[];
}

/**
 * The lesson to continue: the earliest in path order that was opened but not finished
 * (where the learner left off), else the first not started, else none. An opened lesson
 * comes first because leaving work half done is what "continue" means; the path order
 * keeps prerequisites before what builds on them.
 */
export function chooseNextLesson(lessons: readonly LessonRef[], states: ReadonlyMap<string, LessonState>): Guidance["nextLesson"] {
  const started = lessons.find((l) => states.get(l.slug) === "in_progress");
  if (started) return { ...started, state: "in_progress" };
  const fresh = lessons.find((l) => (states.get(l.slug) ?? "not_started") === "not_started");
  return fresh ? { ...fresh, state: "not_started" } : null;
}

/** Topics below WEAK_MASTERY, weakest first (ties: fewer answers first, then by name, so the order is stable). */
export function weakTopics(mastery: readonly TopicMastery[], among?: readonly string[]): TopicMastery[] {
  const allowed = among ? new Set(among) : null;
  return mastery
    .filter((m) => m.mastery < WEAK_MASTERY && (!allowed || allowed.has(m.topic)))
    .sort((a, b) => a.mastery - b.mastery || a.answered - b.answered || a.topic.localeCompare(b.topic));
}

/** A quiz that practises `topic` and may be attempted now (not locked by an open graded assignment). */
export function practiceQuizFor(topic: string, quizzes: readonly QuizRef[], lockedQuizIds: ReadonlySet<string>): { id: string; title: string } | null {
  const quiz = quizzes.find((q) => q.topics.includes(topic) && !lockedQuizIds.has(q.id));
  return quiz ? { id: quiz.id, title: quiz.title } : null;
}

/** The weakest topic that some open quiz can practise (a weak topic nothing can practise now is skipped, not shown as a dead end). */
export function choosePractice(mastery: readonly TopicMastery[], quizzes: readonly QuizRef[], lockedQuizIds: ReadonlySet<string>, among?: readonly string[]): PractiseSuggestion[] {
  const out: PractiseSuggestion[] = [];
  for (const m of weakTopics(mastery, among)) {
    const quiz = practiceQuizFor(m.topic, quizzes, lockedQuizIds);
    if (quiz) out.push({ topic: m.topic, mastery: m.mastery, quiz });
  }
  return out;
}

/**
 * The best submitted attempt among those whose score may be shown: highest share of
 * points; on a tie the earlier one (it reached that score first). Attempts without a
 * maximum (nothing gradable) never count.
 */
export function bestAttempt<T extends ScoredAttempt>(attempts: readonly T[]): T | null {
  let best: T | null = null;
  let bestFraction = -1;
  for (const a of attempts) {
    if (a.submittedAt === null || a.maxScore === null || a.maxScore <= 0) continue;
    const fraction = (a.score ?? 0) / a.maxScore;
    if (fraction > bestFraction || (fraction === bestFraction && best?.submittedAt && a.submittedAt < best.submittedAt)) {
      best = a;
      bestFraction = fraction;
    }
  }
  return best;
}

/** The whole "what next" block of the course home. Open assignments come soonest due first, as the learner's cohort set them. */
export function chooseGuidance(input: {
  lessons: readonly LessonRef[];
  states: ReadonlyMap<string, LessonState>;
  mastery: readonly TopicMastery[];
  quizzes: readonly QuizRef[];
  lockedQuizIds: ReadonlySet<string>;
  openAssignments: readonly OpenAssignment[];
}): Guidance {
  return {
    nextLesson: chooseNextLesson(input.lessons, input.states),
    practise: choosePractice(input.mastery, input.quizzes, input.lockedQuizIds)[0] ?? null,
    assignments: [...input.openAssignments].sort((a, b) => a.dueAt.localeCompare(b.dueAt)),
  };
}
