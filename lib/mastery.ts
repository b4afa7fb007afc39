/**
 * Per-topic mastery from graded answers. Pure, so it is unit-tested without a database and
 * could run anywhere. Progress is derived from stored responses, never kept as a second truth.
 */

/** One graded answer: the fraction of its points earned and when it was graded. */
export interface GradedAnswer {
  questionId: string;
  /** The attempt it was given in (so a page can leave out attempts whose score is not shown yet). */
  attemptId?: string;
  topic: string;
  /** points / maxPoints, 0..1 */
  fraction: number;
  at: Date;
}

export interface TopicMastery {
  topic: string;
  /** 0..1: recency-weighted share of points earned. */
  mastery: number;
  answered: number;
  lastAt: Date;
}

/**
 * Recency weighting is by submission: the answers of the latest submission (or check) on a
 * topic count 1 each, those of the one before RECENCY_DECAY (0.7) each, then 0.49 ... The
 * answers of one attempt share their grading time, so they share one weight: the mastery
 * of a single attempt is exactly its share of points, whatever order the rows come in.
 * Only the latest submissions up to MAX_ANSWERS answers count (a submission is never cut).
 */
export const RECENCY_DECAY = 0.7;
export const MAX_ANSWERS = 20;

/** Mastery per topic (topics without answers are absent), sorted by topic. */
export function topicMastery(answers: readonly GradedAnswer[]): TopicMastery[] {
  const byTopic = new Map<string, GradedAnswer[]>();
  for (const a of answers) byTopic.set(a.topic, [...(byTopic.get(a.topic) ?? []), a]);
  return [...byTopic.entries()]
    .map(([topic, list]) => {
      // Submissions newest first, each with its answers.
      const bySubmission = new Map<number, GradedAnswer[]>();
      for (const a of list) bySubmission.set(a.at.getTime(), [...(bySubmission.get(a.at.getTime()) ?? []), a]);
      const submissions = [...bySubmission.entries()].sort((x, y) => y[0] - x[0]);
      let weighted = 0;
      let total = 0;
      let counted = 0;
      submissions.forEach(([, group], rank) => {
        if (counted >= MAX_ANSWERS) return;
        const w = RECENCY_DECAY ** rank;
        for (const a of group) {
          weighted += w * Math.min(1, Math.max(0, a.fraction));
          total += w;
        }
        counted += group.length;
      });
      return { topic, mastery: total ? weighted / total : 0, answered: list.length, lastAt: new Date(submissions[0]?.[0] ?? 0) };
    })
    .sort((a, b) => a.topic.localeCompare(b.topic));
}

/** Overall mastery (mean over the topics answered so far) after each distinct grading time: the chart's points. */
export function masteryOverTime(answers: readonly GradedAnswer[], maxPoints = 50): { at: Date; mastery: number }[] {
  const times = [...new Set(answers.map((a) => a.at.getTime()))].sort((a, b) => a - b).slice(-maxPoints);
  return times.map((t) => {
    const upTo = topicMastery(answers.filter((a) => a.at.getTime() <= t));
    return { at: new Date(t), mastery: upTo.reduce((s, m) => s + m.mastery, 0) / (upTo.length || 1) };
  });
}

/** Questions whose latest answer was not fully right, newest first: the "review what I missed" pool. */
export function missedQuestions(answers: readonly GradedAnswer[], limit = 10): string[] {
  const latest = new Map<string, GradedAnswer>();
  for (const a of answers) {
    const seen = latest.get(a.questionId);
    if (!seen || seen.at.getTime() < a.at.getTime()) latest.set(a.questionId, a);
  }
  return [...latest.values()]
    .filter((a) => a.fraction < 1)
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, limit)
    .map((a) => a.questionId);
}
