import { describe, expect, it } from "vitest";
import {
  allowsChecking,
  bankReviewOptions,
  describeReviewTiming,
  GRADED_ASSIGNMENT_REVIEW,
  parseStoredReviewOptions,
  partVisible,
  reviewVisibility,
  type ReviewMoment,
} from "./index";

const due = new Date("2026-12-10T12:00:00Z");
const close = new Date("2026-12-12T12:00:00Z");
const moment = (now: string, submitted = true): ReviewMoment => ({ submitted, dueAt: due, closesAt: close, now: new Date(now) });

describe("review options", () => {
  it("open each part at its moment and not before", () => {
    expect(partVisible("immediately", moment("2026-12-01T00:00:00Z", false))).toBe(true);
    expect(partVisible("after-attempt", moment("2026-12-01T00:00:00Z", false))).toBe(false);
    expect(partVisible("after-attempt", moment("2026-12-01T00:00:00Z"))).toBe(true);
    expect(partVisible("after-due", moment("2026-12-10T11:59:59Z"))).toBe(false);
    expect(partVisible("after-due", moment("2026-12-10T12:00:00Z"))).toBe(true);
    expect(partVisible("after-close", moment("2026-12-11T00:00:00Z"))).toBe(false);
    expect(partVisible("after-close", moment("2026-12-12T12:00:00Z"))).toBe(true);
    expect(partVisible("never", moment("2099-01-01T00:00:00Z"))).toBe(false);
    // Without a close date, "after-close" never opens; without a due date, "after-due" waits for the close date.
    expect(partVisible("after-close", { submitted: true, dueAt: null, closesAt: null, now: new Date("2099-01-01") })).toBe(false);
    expect(partVisible("after-due", { submitted: true, dueAt: null, closesAt: close, now: new Date("2026-12-11T00:00:00Z") })).toBe(false);
  });

  it("default graded assignments to right answers and explanations after the close date", () => {
    expect(reviewVisibility(GRADED_ASSIGNMENT_REVIEW, moment("2026-12-11T00:00:00Z"))).toEqual({ score: true, answers: true, rightAnswers: false, explanations: false });
    expect(reviewVisibility(GRADED_ASSIGNMENT_REVIEW, moment("2026-12-12T12:00:00Z"))).toEqual({ score: true, answers: true, rightAnswers: true, explanations: true });
    expect(allowsChecking(GRADED_ASSIGNMENT_REVIEW)).toBe(false);
  });

  it("say when the hidden parts will show", () => {
    expect(describeReviewTiming(GRADED_ASSIGNMENT_REVIEW, moment("2026-12-11T00:00:00Z"))).toEqual([
      "Right answers and explanations show after the close date, 2026-12-12 12:00 UTC.",
    ]);
    expect(describeReviewTiming({ score: "after-due", answers: "after-attempt", rightAnswers: "never", explanations: "never" }, moment("2026-12-01T00:00:00Z"))).toEqual([
      "Score shows after the due date, 2026-12-10 12:00 UTC.",
      "Right answers and explanations: not shown for this quiz.",
    ]);
    expect(describeReviewTiming(GRADED_ASSIGNMENT_REVIEW, moment("2026-12-13T00:00:00Z"))).toEqual([]);
  });

  it("come from a bank's feedback setting, its review block overriding", () => {
    expect(bankReviewOptions({ feedback: "immediately" })).toMatchObject({ score: "immediately", rightAnswers: "immediately" });
    expect(bankReviewOptions({ feedback: "after-close" })).toEqual(GRADED_ASSIGNMENT_REVIEW);
    expect(bankReviewOptions({ feedback: "after-submit", review: { rightAnswers: "never" } })).toMatchObject({ score: "after-attempt", rightAnswers: "never" });
  });

  it("read stored JSON strictly, defaults filling the gaps", () => {
    expect(parseStoredReviewOptions(null, GRADED_ASSIGNMENT_REVIEW)).toEqual(GRADED_ASSIGNMENT_REVIEW);
    expect(parseStoredReviewOptions("{not json", GRADED_ASSIGNMENT_REVIEW)).toEqual(GRADED_ASSIGNMENT_REVIEW);
    expect(parseStoredReviewOptions('{"rightAnswers":"after-due","score":"bogus"}', GRADED_ASSIGNMENT_REVIEW)).toEqual({ ...GRADED_ASSIGNMENT_REVIEW, rightAnswers: "after-due" });
  });
});
