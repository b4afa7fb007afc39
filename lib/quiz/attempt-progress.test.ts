import { describe, expect, it } from "vitest";
import { describeUnanswered, isAnswered, timeAnnouncement } from "./attempt-progress";

describe("isAnswered", () => {
  it.each([
    [undefined, false],
    [null, false],
    [{ choice: "a" }, true],
    [{ choices: [] }, false],
    [{ choices: ["a"] }, true],
    [{ value: 0 }, true],
    [{ value: false }, true],
    [{ text: "  " }, false],
    [{ text: "cni0" }, true],
    [{ pairs: {} }, false],
    [{ pairs: { a: "b" } }, true],
    [{ order: ["a", "b"] }, true],
    [{ devices: [] }, false],
    [{ devices: [{ node: "n1" }] }, true],
  ])("%j → %s", (answer, expected) => expect(isAnswered(answer)).toBe(expected));
});

describe("describeUnanswered", () => {
  it("names the questions", () => {
    expect(describeUnanswered([])).toBeNull();
    expect(describeUnanswered([4])).toBe("Question 4 has no answer.");
    expect(describeUnanswered([3, 7])).toBe("Questions 3 and 7 have no answer.");
    expect(describeUnanswered([1, 2, 9])).toBe("Questions 1, 2 and 9 have no answer.");
  });
});

describe("timeAnnouncement", () => {
  it("speaks only when a threshold is crossed", () => {
    expect(timeAnnouncement(null, 250_000)).toBeNull(); // the first tick sets the baseline
    expect(timeAnnouncement(301_000, 300_000)).toBe("5 minutes left.");
    expect(timeAnnouncement(300_000, 299_000)).toBeNull();
    expect(timeAnnouncement(61_000, 60_000)).toBe("1 minute left.");
    expect(timeAnnouncement(11_000, 10_000)).toBe("10 seconds left.");
    expect(timeAnnouncement(10_000, 9_000)).toBeNull();
  });
  it("after a sleeping tab, says the latest threshold only", () => {
    expect(timeAnnouncement(400_000, 8_000)).toBe("10 seconds left.");
  });
  it("a countdown from 6 minutes to 0, one tick a second, announces exactly three times", () => {
    const said: string[] = [];
    let prev: number | null = null;
    for (let ms = 360_000; ms >= 0; ms -= 1000) {
      const a = timeAnnouncement(prev, ms);
      if (a) said.push(a);
      prev = ms;
    }
    expect(said).toEqual(["5 minutes left.", "1 minute left.", "10 seconds left."]);
  });
});
