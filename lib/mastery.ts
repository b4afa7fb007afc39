/**
 * Per-topic mastery from graded answers. Pure, so it is unit-tested without a database and
 * could run anywhere. Progress is derived from stored responses, never kept as a second truth.
 */

/** One graded answer: the fraction of its points earned and when it was graded. */
export interface GradedAnswer {
  questionId: string;
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
 * Each newer answer on a topic weighs 1/RECENCY_DECAY times the one before it (the latest
 * counts 1, the one before 0.7, then 0.49 ...), so improving shows quickly and an old
 * mistake fades. Only the latest MAX_ANSWERS per topic count.
 */
export const RECENCY_DECAY = 0.7;
export const MAX_ANSWERS = 20;

/** Mastery per topic (topics without answers are absent), sorted by topic. */
export function topicMastery(answers: readonly GradedAnswer[]): TopicMastery[] {
  const byTopic = new Map<string, GradedAnswer[]>();
  for (const a of answers) byTopic.set(a.topic, [...(byTopic.get(a.topic) ?? []), a]);
  return [...byTopic.entries()]
    .map(([topic, list]) => {
      const recent = [...list].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, MAX_ANSWERS);
      let weighted = 0;
      let total = 0;
      recent.forEach((a, i) => {
        const w = RECENCY_DECAY ** i;
        weighted += w * Math.min(1, Math.max(0, a.fraction));
        total += w;
      });
      return { topic, mastery: total ? weighted / total : 0, answered: list.length, lastAt: recent[0]?.at ?? new Date(0) };
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
