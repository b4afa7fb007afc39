import { z } from "zod";

/**
 * Review options, as Moodle has them: for each part of a review (the score, the learner's
 * own answers, the right answers, the explanations with misconceptions), when it shows.
 * Pure: the server applies it to every page and API that could reveal a part, and the
 * pages use `describeReviewTiming` to say when the rest will show.
 *
 * - `immediately`: during the attempt, once the learner checks a question (practice), and after.
 * - `after-attempt`: once the attempt is submitted.
 * - `after-due`: once submitted and the (learner's effective) due date has passed.
 * - `after-close`: once submitted and the close date has passed.
 * - `never`.
 */
export const REVIEW_WHEN = ["immediately", "after-attempt", "after-due", "after-close", "never"] as const;
export type ReviewWhen = (typeof REVIEW_WHEN)[number];

export const REVIEW_PARTS = ["score", "answers", "rightAnswers", "explanations"] as const;
export type ReviewPart = (typeof REVIEW_PARTS)[number];

export type ReviewOptions = Record<ReviewPart, ReviewWhen>;
export type ReviewVisibility = Record<ReviewPart, boolean>;

export const REVIEW_PART_LABELS: Record<ReviewPart, string> = {
  score: "Score",
  answers: "Your answers",
  rightAnswers: "Right answers",
  explanations: "Explanations",
};

export const REVIEW_WHEN_LABELS: Record<ReviewWhen, string> = {
  immediately: "Immediately, as each question is checked",
  "after-attempt": "After the attempt is submitted",
  "after-due": "After the due date",
  "after-close": "After the close date",
  never: "Never",
};

const when = z.enum(REVIEW_WHEN, { error: `Choose one of: ${REVIEW_WHEN.join(", ")}.` });
export const reviewOptionsSchema = z.object({ score: when, answers: when, rightAnswers: when, explanations: when });

/**
 * The default for graded assignments: the learner sees the score and their own answers
 * after each attempt, the right answers and explanations only once the assignment has
 * closed, so nobody can pass a key to a classmate who still has attempts or time.
 */
export const GRADED_ASSIGNMENT_REVIEW: ReviewOptions = {
  score: "after-attempt",
  answers: "after-attempt",
  rightAnswers: "after-close",
  explanations: "after-close",
};

/** A bank's options when it names none, from its older `feedback` setting. */
export function reviewOptionsFromFeedback(feedback: "immediately" | "after-submit" | "after-close"): ReviewOptions {
  if (feedback === "immediately") return { score: "immediately", answers: "immediately", rightAnswers: "immediately", explanations: "immediately" };
  if (feedback === "after-close") return { score: "after-attempt", answers: "after-attempt", rightAnswers: "after-close", explanations: "after-close" };
  return { score: "after-attempt", answers: "after-attempt", rightAnswers: "after-attempt", explanations: "after-attempt" };
}

/** Reads stored options (JSON) with the defaults filling what is missing or invalid. */
export function parseStoredReviewOptions(json: string | null | undefined, defaults: ReviewOptions): ReviewOptions {
  if (!json) return defaults;
  try {
    const raw = JSON.parse(json) as Partial<Record<string, unknown>>;
    const out = { ...defaults };
    for (const part of REVIEW_PARTS) {
      const v = raw[part];
      if (typeof v === "string" && (REVIEW_WHEN as readonly string[]).includes(v)) out[part] = v as ReviewWhen;
    }
    return out;
  } catch {
    return defaults;
  }
}

export interface ReviewMoment {
  /** The attempt is submitted (a review exists). */
  submitted: boolean;
  dueAt: Date | null;
  closesAt: Date | null;
  now: Date;
}

/** The instant a part opens for a submitted attempt, or null when it never does (no such date, or `never`). */
function opensAt(w: ReviewWhen, m: ReviewMoment): Date | "at-submit" | null {
  switch (w) {
    case "immediately":
    case "after-attempt":
      return "at-submit";
    case "after-due":
      // No due date (practice): the close date stands in; neither means never.
      return m.dueAt ?? m.closesAt;
    case "after-close":
      return m.closesAt;
    case "never":
      return null;
  }
}

/** Whether one part shows now. During an attempt only `immediately` parts of checked questions show. */
export function partVisible(w: ReviewWhen, m: ReviewMoment): boolean {
  if (!m.submitted) return w === "immediately";
  const at = opensAt(w, m);
  if (at === null) return false;
  return at === "at-submit" || at.getTime() <= m.now.getTime();
}

export function reviewVisibility(options: ReviewOptions, m: ReviewMoment): ReviewVisibility {
  return {
    score: partVisible(options.score, m),
    answers: partVisible(options.answers, m),
    rightAnswers: partVisible(options.rightAnswers, m),
    explanations: partVisible(options.explanations, m),
  };
}

/** "Check answer" during an attempt grades and reveals a question: only when the score shows immediately. */
export function allowsChecking(options: ReviewOptions): boolean {
  return options.score === "immediately";
}

function formatUtc(d: Date): string {
  return `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;
}

/**
 * Sentences for the review page about the parts that are still hidden: when each will
 * show, grouped by instant (e.g. "Right answers and explanations show after the close
 * date, 2026-12-10 14:00 UTC."). Empty when everything shows.
 */
export function describeReviewTiming(options: ReviewOptions, m: ReviewMoment): string[] {
  const visible = reviewVisibility(options, m);
  const groups = new Map<string, ReviewPart[]>();
  for (const part of REVIEW_PARTS) {
    if (visible[part]) continue;
    const w = options[part];
    const at = m.submitted ? opensAt(w, m) : w === "immediately" ? "at-check" : opensAt(w, m);
    let key: string;
    if (at === null) key = "never";
    else if (at === "at-submit") key = w === "immediately" ? "check" : "submit";
    else if (at === "at-check") key = "check";
    else key = `${w === "after-due" && m.dueAt ? "due" : "close"}|${at.toISOString()}`;
    groups.set(key, [...(groups.get(key) ?? []), part]);
  }
  return [...groups.entries()].map(([key, parts]) => {
    const names = listOf(parts.map((p) => REVIEW_PART_LABELS[p].toLowerCase()));
    const subject = names.charAt(0).toUpperCase() + names.slice(1);
    const show = parts.length === 1 && parts[0] === "score" ? "shows" : "show";
    if (key === "never") return `${subject}: not shown for this quiz.`;
    if (key === "check") return `${subject} ${show} as you check each question.`;
    if (key === "submit") return `${subject} ${show} after you submit.`;
    const [kind, iso] = key.split("|") as [string, string];
    return `${subject} ${show} after the ${kind === "due" ? "due date" : "close date"}, ${formatUtc(new Date(iso))}.`;
  });
}

function listOf(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
