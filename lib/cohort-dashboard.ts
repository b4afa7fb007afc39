/**
 * Cohort dashboard figures (pure; lib/cohort-dashboard.server.ts loads the rows):
 * lesson completion per lesson, mastery per topic and progress week by week.
 */
import { topicTitle } from "./content/topics";

export interface Completion {
  userId: string;
  lessonSlug: string;
  completedAt: Date;
}

export interface GradedResponse {
  userId: string;
  questionId: string;
  /** points / maxPoints, 0..1. */
  fraction: number;
  gradedAt: Date;
}

export interface Bar {
  key: string;
  label: string;
  /** 0..1 */
  value: number;
  detail: string;
}

/** Share of the cohort's learners who completed each lesson, in course order. */
export function lessonCompletion(lessons: readonly { slug: string; title: string }[], learnerIds: readonly string[], completions: readonly Completion[]): Bar[] {
  const learners = new Set(learnerIds);
  return lessons.map((l) => {
    const done = new Set(completions.filter((c) => c.lessonSlug === l.slug && learners.has(c.userId)).map((c) => c.userId)).size;
    return { key: l.slug, label: l.title, value: learners.size ? done / learners.size : 0, detail: `${done} of ${learners.size}` };
  });
}

/**
 * Mastery per topic: each learner's LATEST graded answer to each question (so a question
 * re-learnt counts as learnt), averaged over the learner-question pairs of the topic.
 * Topics nobody has answered yet are left out.
 */
export function topicMastery(topicOf: ReadonlyMap<string, string>, responses: readonly GradedResponse[]): Bar[] {
  const latest = new Map<string, GradedResponse>();
  for (const r of responses) {
    const key = `${r.userId}\u0000${r.questionId}`;
    const prev = latest.get(key);
    if (!prev || r.gradedAt > prev.gradedAt) latest.set(key, r);
  }
  const byTopic = new Map<string, { sum: number; n: number; learners: Set<string> }>();
  for (const r of latest.values()) {
    const topic = topicOf.get(r.questionId);
    if (!topic) continue;
    const t = byTopic.get(topic) ?? { sum: 0, n: 0, learners: new Set<string>() };
    t.sum += r.fraction;
    t.n += 1;
    t.learners.add(r.userId);
    byTopic.set(topic, t);
  }
  return [...byTopic]
    .map(([topic, t]) => ({ key: topic, label: topicTitle(topic), value: t.sum / t.n, detail: `${t.n} ${t.n === 1 ? "answer" : "answers"} from ${t.learners.size} ${t.learners.size === 1 ? "learner" : "learners"}` }))
    .sort((a, b) => a.value - b.value || a.key.localeCompare(b.key));
}

export interface WeekPoint {
  weekStart: Date;
  /** Mean share of the course's lessons completed per learner by the end of the week. */
  lessonsCompleted: number;
  /** Quiz attempts submitted by the cohort's learners during the week. */
  submissions: number;
}

const WEEK_MS = 7 * 86_400_000;

/** Week-by-week progress from `from` to `to` (at most `maxWeeks`, the latest ones). */
export function weeklyProgress(input: {
  from: Date;
  to: Date;
  learnerIds: readonly string[];
  lessonCount: number;
  completions: readonly Completion[];
  submittedAt: readonly Date[];
  maxWeeks?: number;
}): WeekPoint[] {
  const maxWeeks = input.maxWeeks ?? 26;
  const learners = new Set(input.learnerIds);
  const weeks = Math.max(1, Math.ceil((input.to.getTime() - input.from.getTime() + 1) / WEEK_MS));
  const first = Math.max(0, weeks - maxWeeks);
  const points: WeekPoint[] = [];
  for (let w = first; w < weeks; w++) {
    const start = new Date(input.from.getTime() + w * WEEK_MS);
    const end = new Date(start.getTime() + WEEK_MS);
    const done = input.completions.filter((c) => learners.has(c.userId) && c.completedAt < end).length;
    const denominator = learners.size * input.lessonCount;
    points.push({
      weekStart: start,
      lessonsCompleted: denominator ? done / denominator : 0,
      submissions: input.submittedAt.filter((d) => d >= start && d < end).length,
    });
  }
  return points;
}
