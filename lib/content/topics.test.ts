import { describe, expect, it } from "vitest";
import { listLessons } from "./lessons.server";
import { loadBanks } from "./quiz-banks.server";
import { TOPIC_TITLES, topicTitle } from "./topics";

describe("topic titles", () => {
  it("every topic a lesson or a question uses has a title", () => {
    const used = new Set<string>();
    for (const lesson of listLessons()) for (const t of lesson.topics) used.add(t);
    for (const bank of loadBanks().values()) for (const q of bank.questions) used.add(q.topic);
    expect([...used].filter((t) => !(t in TOPIC_TITLES)).sort()).toEqual([]);
    expect(used.size).toBeGreaterThan(5);
  });
  it("falls back to words for an unknown id", () => {
    expect(topicTitle("vxlan")).toBe("VXLAN (RFC 7348)");
    expect(topicTitle("ip-in-ip")).toBe("ip in ip");
  });
});
