import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { quizBankSchema, type Question } from "./bank-schema";
import { gradeAnswer, normaliseText } from "./grade";
import { instantiatePathQuestion, type PathQuestion } from "./path-questions";

/** Issue 11 point 7: answers are graded for what they mean, not for the characters typed. */
const dir = path.resolve(__dirname, "../../content/quizzes");
const all: Question[] = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .flatMap((f) => quizBankSchema.parse(parse(readFileSync(path.join(dir, f), "utf8"))).questions);
const byId = (id: string) => all.find((q) => q.id === id)!;

describe("text answers", () => {
  it("treat Unicode dashes, minus signs and odd spaces as what they look like", () => {
    const range = byId("st-nodeport-range");
    for (const typed of ["30000-32767", "30000 – 32767", "30000—32767", "30000 − 32767", "30000\u00a0-\u00a032767", " 30000 ‐ 32767 ", "30000\u200b-32767"]) {
      expect(gradeAnswer(range, { text: typed }).correct, JSON.stringify(typed)).toBe(true);
    }
    expect(gradeAnswer(range, { text: "30000-32768" }).correct).toBe(false);
    expect(normaliseText("a  \u2013 b", true)).toBe("a - b");
  });

  it("compare Linux interface names and paths case-sensitively", () => {
    const device = byId("vxlan-flannel-device-name");
    expect(gradeAnswer(device, { text: "flannel.1" }).correct).toBe(true);
    expect(gradeAnswer(device, { text: "Flannel.1" }).correct).toBe(false);
    expect(gradeAnswer(byId("if-cni-config-dir"), { text: "/ETC/CNI/NET.D" }).correct).toBe(false);
  });

  it("every accepted answer that is an interface name, a plugin binary or a path is case-sensitive", () => {
    const looksLinux = /^(\/|[a-z]+[0-9]*\.[0-9]+$|cni0$|tunl0$|eth[0-9]$|vxlan\.calico$|portmap$|bridge$|host-local$)/;
    for (const q of all) {
      if (q.type !== "text") continue;
      if (q.answer.accepted.some((a) => looksLinux.test(a))) expect(q.answer.caseSensitive, q.id).toBe(true);
    }
  });
});

describe("drop-point questions", () => {
  it("accept every reason that is true where the learner clicked: host-gw across subnets dies at the router with no route", () => {
    const q = byId("fhg-path-drop") as PathQuestion;
    for (let i = 0; i < 8; i++) {
      const seed = i * 7919 + 3;
      const instance = instantiatePathQuestion(q, seed);
      if (instance.key.kind !== "device-and-reason") throw new Error("drop-point key");
      const device = instance.key.device;
      expect(instance.key.reason).toBe("next-hop-not-on-link");
      expect(gradeAnswer(q, { devices: [device], reason: "next-hop-not-on-link" }, seed)).toMatchObject({ points: 1, correct: true });
      expect(gradeAnswer(q, { devices: [device], reason: "no-route" }, seed), "no route is literally true at the router").toMatchObject({ points: 1, correct: true });
      expect(gradeAnswer(q, { devices: [device], reason: "ttl-expired" }, seed)).toMatchObject({ points: 0.5, correct: false });
    }
  });
});
