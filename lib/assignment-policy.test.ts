import { describe, expect, it } from "vitest";
import {
  checkStart,
  effectivePolicy,
  summariseLessonCell,
  summariseQuizCell,
  type AssignmentRules,
} from "./assignment-policy";

const at = (iso: string) => new Date(`2026-12-${iso}Z`);
const rules: AssignmentRules = {
  opensAt: at("01T09:00:00"),
  dueAt: at("08T17:00:00"),
  closesAt: at("10T17:00:00"),
  attemptsAllowed: 2,
  timeLimitSeconds: 600,
};

describe("assignment policy", () => {
  it("applies extra time, extra attempts and a later due date, pushing the close date out", () => {
    const p = effectivePolicy(rules, { extraTimeSeconds: 300, extraAttempts: 1, dueAt: at("12T17:00:00") });
    expect(p.timeLimitSeconds).toBe(900);
    expect(p.attemptsAllowed).toBe(3);
    expect(p.dueAt).toEqual(at("12T17:00:00"));
    expect(p.closesAt).toEqual(at("12T17:00:00"));
  });

  it("keeps unlimited limits unlimited and an earlier override due date does not close earlier", () => {
    const p = effectivePolicy({ ...rules, attemptsAllowed: null, timeLimitSeconds: null }, { extraTimeSeconds: 60, extraAttempts: 2, dueAt: at("05T00:00:00") });
    expect(p.attemptsAllowed).toBeNull();
    expect(p.timeLimitSeconds).toBeNull();
    expect(p.dueAt).toEqual(at("05T00:00:00"));
    expect(p.closesAt).toEqual(rules.closesAt);
  });

  it("refuses a start before opening, after closing and when attempts are used up", () => {
    expect(checkStart(rules, 0, at("01T08:59:59"))).toMatchObject({ ok: false, reason: "not_open" });
    expect(checkStart(rules, 0, at("10T17:00:00"))).toMatchObject({ ok: false, reason: "closed" });
    expect(checkStart(rules, 2, at("05T00:00:00"))).toMatchObject({ ok: false, reason: "no_attempts_left" });
    expect(checkStart(rules, 1, at("09T00:00:00"))).toEqual({ ok: true });
  });

  it("summarises a learner's attempts: best score, late only when nothing was on time", () => {
    const onTime = { status: "submitted", submittedAt: at("07T10:00:00"), score: 2, maxScore: 5 };
    const late = { status: "submitted", submittedAt: at("09T10:00:00"), score: 4, maxScore: 5 };
    const open = { status: "in_progress", submittedAt: null, score: null, maxScore: null };
    expect(summariseQuizCell(rules, [])).toMatchObject({ status: "not_started", attemptCount: 0, bestFraction: null });
    expect(summariseQuizCell(rules, [open])).toMatchObject({ status: "in_progress", attemptCount: 1 });
    expect(summariseQuizCell(rules, [late])).toMatchObject({ status: "late", bestScore: 4 });
    expect(summariseQuizCell(rules, [onTime, late, open])).toMatchObject({ status: "submitted", bestScore: 4, bestFraction: 0.8, attemptCount: 3 });
    // An override with a later due date clears the late mark.
    const extended = effectivePolicy(rules, { extraTimeSeconds: 0, extraAttempts: 0, dueAt: at("09T12:00:00") });
    expect(summariseQuizCell(extended, [late]).status).toBe("submitted");
    // Grading methods: a first attempt 4/5 (0.8), a later one 2/5.
    const first = { ...onTime, score: 4 };
    const second = { ...late, score: 2 };
    expect(summariseQuizCell(rules, [first, second], "best")).toMatchObject({ bestScore: 4, bestFraction: 0.8 });
    expect(summariseQuizCell(rules, [first, second], "last")).toMatchObject({ bestScore: 2, bestFraction: 0.4 });
    expect(summariseQuizCell(rules, [first, second], "average").bestFraction).toBeCloseTo(0.6);
  });

  it("summarises a lesson assignment by completion", () => {
    const slugs = ["vxlan", "flannel"];
    expect(summariseLessonCell(rules, slugs, new Map())).toMatchObject({ status: "not_started", bestFraction: 0 });
    expect(summariseLessonCell(rules, slugs, new Map([["vxlan", at("02T00:00:00")]]))).toMatchObject({ status: "in_progress", bestFraction: 0.5 });
    expect(summariseLessonCell(rules, slugs, new Map([["vxlan", at("02T00:00:00")], ["flannel", at("03T00:00:00")]])).status).toBe("submitted");
    expect(summariseLessonCell(rules, slugs, new Map([["vxlan", at("02T00:00:00")], ["flannel", at("09T00:00:00")]])).status).toBe("late");
  });
});
