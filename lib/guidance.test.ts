import { describe, expect, it } from "vitest";
import { bestAttempt, chooseGuidance, chooseNextLesson, choosePractice, WEAK_MASTERY, weakTopics, type LessonState } from "./guidance";
import type { TopicMastery } from "./mastery";

const lessons = [
  { slug: "a", title: "A" },
  { slug: "b", title: "B" },
  { slug: "c", title: "C" },
];
const states = (entries: [string, LessonState][]) => new Map(entries);
const topic = (t: string, mastery: number, answered = 3): TopicMastery => ({ topic: t, mastery, answered, lastAt: new Date(0) });
const quizzes = [
  { id: "q-vxlan", title: "VXLAN quiz", topics: ["vxlan"] },
  { id: "q-flannel", title: "Flannel quiz", topics: ["flannel", "vxlan"] },
  { id: "q-calico", title: "Calico quiz", topics: ["calico"] },
];

describe("chooseNextLesson", () => {
  it("continues the earliest lesson left in progress, even after later ones are done", () => {
    expect(chooseNextLesson(lessons, states([["a", "completed"], ["b", "in_progress"], ["c", "completed"]]))).toEqual({ slug: "b", title: "B", state: "in_progress" });
  });
  it("prefers a half-done lesson over an earlier one not started", () => {
    expect(chooseNextLesson(lessons, states([["c", "in_progress"]]))?.slug).toBe("c");
  });
  it("starts the first lesson not started when nothing is in progress", () => {
    expect(chooseNextLesson(lessons, states([["a", "completed"]]))).toEqual({ slug: "b", title: "B", state: "not_started" });
    expect(chooseNextLesson(lessons, states([]))?.slug).toBe("a");
  });
  it("has nothing to suggest when every lesson is completed", () => {
    expect(chooseNextLesson(lessons, states(lessons.map((l) => [l.slug, "completed"])))).toBeNull();
  });
});

describe("weak topics and practice", () => {
  it("lists only topics below the bar, weakest first", () => {
    const m = [topic("calico", 0.5), topic("vxlan", 0.2), topic("flannel", WEAK_MASTERY), topic("services", 0.9)];
    expect(weakTopics(m).map((t) => t.topic)).toEqual(["vxlan", "calico"]);
  });
  it("keeps to the topics asked about", () => {
    expect(weakTopics([topic("calico", 0.1), topic("vxlan", 0.3)], ["vxlan"]).map((t) => t.topic)).toEqual(["vxlan"]);
  });
  it("suggests a quiz that practises the topic and skips locked quizzes", () => {
    const m = [topic("vxlan", 0.2)];
    expect(choosePractice(m, quizzes, new Set())[0]?.quiz.id).toBe("q-vxlan");
    expect(choosePractice(m, quizzes, new Set(["q-vxlan"]))[0]?.quiz.id).toBe("q-flannel");
  });
  it("skips a weak topic that no open quiz can practise", () => {
    const m = [topic("vxlan", 0.1), topic("calico", 0.4)];
    expect(choosePractice(m, quizzes, new Set(["q-vxlan", "q-flannel"])).map((p) => p.topic)).toEqual(["calico"]);
  });
});

describe("bestAttempt", () => {
  const at = (id: string, score: number | null, maxScore: number | null, day: number | null) => ({ id, quizId: "q", score, maxScore, submittedAt: day === null ? null : new Date(Date.UTC(2026, 0, day)) });
  it("takes the highest share of points", () => {
    expect(bestAttempt([at("1", 3, 7, 1), at("2", 6, 7, 2), at("3", 4, 7, 3)])?.id).toBe("2");
  });
  it("compares shares, not raw points, across quiz lengths", () => {
    expect(bestAttempt([at("long", 6, 10, 1), at("short", 4, 5, 2)])?.id).toBe("short");
  });
  it("keeps the earlier attempt on a tie and ignores unsubmitted or empty ones", () => {
    expect(bestAttempt([at("later", 5, 7, 5), at("earlier", 5, 7, 2)])?.id).toBe("earlier");
    expect(bestAttempt([at("open", 7, 7, null), at("empty", 0, 0, 1)])).toBeNull();
  });
  it("counts a submitted attempt with no points as a result", () => {
    expect(bestAttempt([at("zero", null, 7, 1)])?.id).toBe("zero");
  });
});

describe("chooseGuidance", () => {
  it("combines the next lesson, the weakest practicable topic and assignments soonest due first", () => {
    const g = chooseGuidance({
      lessons,
      states: states([["a", "completed"]]),
      mastery: [topic("calico", 0.3), topic("vxlan", 0.6)],
      quizzes,
      lockedQuizIds: new Set(),
      openAssignments: [
        { id: "late", title: "Later", cohortName: "C", dueAt: "2026-03-01T00:00:00.000Z", href: "/x" },
        { id: "soon", title: "Sooner", cohortName: "C", dueAt: "2026-02-01T00:00:00.000Z", href: "/y" },
      ],
    });
    expect(g.nextLesson?.slug).toBe("b");
    expect(g.practise).toMatchObject({ topic: "calico", quiz: { id: "q-calico" } });
    expect(g.assignments.map((a) => a.id)).toEqual(["soon", "late"]);
  });
  it("suggests no practice while every topic is strong", () => {
    const g = chooseGuidance({ lessons, states: states([]), mastery: [topic("vxlan", 0.95)], quizzes, lockedQuizIds: new Set(), openAssignments: [] });
    expect(g.practise).toBeNull();
  });
});
