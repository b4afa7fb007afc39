/**
 * Keeps lessons and question banks consistent with content/facts.ts, the one table of key
 * facts (ports, bit widths, defaults) and their primary sources.
 *
 * - every fact cites an https source, and its wrong-statement patterns do not match its own statement;
 * - every `<Fact id>` used in a lesson exists;
 * - no lesson prose states a known wrong version of a fact (`wrongPatterns`, sentence by sentence;
 *   code blocks and the "What the seed articles get wrong" callouts are skipped because they quote
 *   errors on purpose, and a sentence matching the pattern's `unless` is allowed);
 * - every lesson named in a fact's `mustAppearIn` mentions it (`<Fact id>` or the literal value);
 * - every question with `fact:` has an answer equal to the fact's value, and no wrong option of a
 *   single-choice question states that value;
 * - every lesson cites at least one https source, and every question's lessonAnchor is a heading
 *   of its lesson.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { extractHeadings } from "../lib/content/headings";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { facts, type Fact, type FactId } from "./facts";

const root = path.resolve(__dirname);
const lessonDir = path.join(root, "lessons");
const quizDir = path.join(root, "quizzes");
const table = facts as Record<string, Fact>;

interface Lesson {
  slug: string;
  frontmatter: { sources?: Array<{ title?: string; url?: string }> } & Record<string, unknown>;
  body: string;
}

interface QuizQuestion {
  id: string;
  type: "single" | "multiple" | "truefalse" | "numeric" | "text";
  fact?: string;
  options?: Array<{ id: string; text: string | number }>;
  answer: unknown;
  explanation?: string;
  lessonAnchor?: string;
}

interface QuizBank {
  id: string;
  lesson?: string;
  questions: QuizQuestion[];
}

/** Test fixtures owned by the app (not course content) are skipped. */
const isFixture = (name: string) => name.startsWith("zz-");

function loadLessons(): Lesson[] {
  return readdirSync(lessonDir)
    .filter((f) => f.endsWith(".mdx") && !isFixture(f))
    .map((f) => {
      const source = readFileSync(path.join(lessonDir, f), "utf8");
      const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
      return {
        slug: f.replace(/\.mdx$/, ""),
        frontmatter: (m ? parseYaml(m[1] ?? "") : {}) ?? {},
        body: m ? (m[2] ?? "") : source,
      };
    });
}

function loadBanks(): Array<{ file: string; bank: QuizBank }> {
  return readdirSync(quizDir)
    .filter((f) => /\.ya?ml$/.test(f) && !isFixture(f))
    .map((file) => ({ file, bank: parseYaml(readFileSync(path.join(quizDir, file), "utf8")) as QuizBank }));
}

const render = (id: string): string => {
  const fact = table[id];
  if (!fact) return `UNKNOWN-FACT(${id})`;
  return fact.unit ? `${fact.value} ${fact.unit}` : String(fact.value);
};

/** Lesson prose as a reader sees it: no fenced code, no seed-error callouts, `<Fact>` rendered. */
function proseOf(body: string): string {
  return body
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, "\n")
    .replace(/<Callout\s+kind="seed-error"[\s\S]*?<\/Callout>/g, "\n")
    .replace(/<Fact\s+id="([^"]+)"[^>]*\/>/g, (_, id: string) => render(id));
}

/** Lines, then sentences: the unit a wrong-pattern is matched against. */
function sentencesOf(prose: string): string[] {
  return prose
    .split(/\n/)
    .flatMap((line) => line.split(/(?<=[.!?])\s+/))
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Sentences of `prose` that state a known wrong version of a fact. */
function wrongStatements(prose: string): Array<{ fact: string; sentence: string; why: string }> {
  const hits: Array<{ fact: string; sentence: string; why: string }> = [];
  for (const sentence of sentencesOf(prose)) {
    for (const [id, fact] of Object.entries(table)) {
      for (const wrong of fact.wrongPatterns ?? []) {
        if (wrong.pattern.test(sentence) && !(wrong.unless && wrong.unless.test(sentence))) {
          hits.push({ fact: id, sentence, why: wrong.why });
        }
      }
    }
  }
  return hits;
}

/** Whether `text` states `value` as a whole token (numbers are not matched inside longer numbers). */
function statesValue(text: string, value: number | string): boolean {
  if (typeof value === "number") {
    const digits = String(value);
    const grouped = value.toLocaleString("en-US");
    return [digits, grouped].some((v) => new RegExp(`(?<![\\d.,])${v.replace(/[.,]/g, "\\$&")}(?![\\d]|[.,]\\d)`).test(text));
  }
  return text.toLowerCase().includes(value.toLowerCase());
}

/** The heading ids the lesson page renders (the same extractor the table of contents uses). */
function headingIds(markdown: string): Set<string> {
  return new Set(extractHeadings(markdown).map((h) => h.id));
}

const lessons = loadLessons();
const banks = loadBanks();
const lessonBySlug = new Map(lessons.map((l) => [l.slug, l]));

describe("the facts table", () => {
  it("cites an https primary source for every fact", () => {
    for (const [id, fact] of Object.entries(table)) {
      expect(fact.source.url, id).toMatch(/^https:\/\//);
      expect(fact.source.title.length, id).toBeGreaterThan(0);
      expect(fact.statement.length, id).toBeGreaterThan(0);
    }
  });

  it("does not flag its own statements as wrong", () => {
    for (const [id, fact] of Object.entries(table)) {
      expect(wrongStatements(fact.statement), id).toEqual([]);
    }
  });

  it("names only existing lessons in mustAppearIn", () => {
    for (const [id, fact] of Object.entries(table)) {
      for (const slug of fact.mustAppearIn ?? []) expect(lessonBySlug.has(slug), `${id} -> ${slug}`).toBe(true);
    }
  });

  it("keeps derived numbers consistent", () => {
    expect(facts["vxlan.vniCount"].value).toBe(2 ** facts["vxlan.vniBits"].value);
    expect(facts["vlan.idCount"].value).toBe(2 ** facts["vlan.vidBits"].value);
    expect(facts["vlan.usableIds"].value).toBe(facts["vlan.idCount"].value - 2);
    expect(facts["vxlan.overheadBytes"].value).toBe(20 + 8 + facts["vxlan.headerBytes"].value + 14);
    expect(facts["vxlan.overheadIpv6Bytes"].value).toBe(40 + 8 + facts["vxlan.headerBytes"].value + 14);
    expect(facts["vxlan.mtuOn1500"].value).toBe(1500 - facts["vxlan.overheadBytes"].value);
    expect(facts["flannel.vxlanPortLinux"].value).toBe(facts["vxlan.linuxDefaultPort"].value);
    expect(facts["flannel.vxlanDevice"].value).toBe(`flannel.${facts["flannel.vxlanDefaultVni"].value}`);
  });

  it("catches the known seed errors and accepts their corrections", () => {
    const wrong = [
      "The NIC hands the packet to flannel.1 on the default VXLAN port 4789.",
      "VLAN IDs are 12 bits, so 2^12 = 4094 VLANs.",
      "flanneld decapsulates the VXLAN packet and passes it to cni0.",
      "Calico BGP mode cannot cross subnets.",
      "The VNI is a 16-bit field.",
      "An ExternalName Service proxies traffic to the external host.",
      "A NodePort is taken from 30000-32768 by default.",
    ];
    for (const sentence of wrong) expect(wrongStatements(sentence).length, sentence).toBeGreaterThan(0);
    const right = [
      "flannel's VXLAN backend on Linux uses UDP 8472, not the IANA port 4789.",
      "Calico's VXLAN mode uses 4789 while flannel uses 8472 on Linux.",
      "2^12 = 4096 values, of which 4094 are usable.",
      "flanneld does not encapsulate anything in the VXLAN backend.",
      "In the UDP backend flanneld encapsulates each packet it reads from flannel0.",
      "Without peering with the routers, Calico's node-to-node BGP mesh cannot span subnets.",
      "The VNI is 24 bits wide, twice the 12 bits of a VLAN ID.",
      "An ExternalName Service is a DNS CNAME and nothing proxies it.",
      "NodePorts come from 30000-32767 by default.",
    ];
    for (const sentence of right) expect(wrongStatements(sentence), sentence).toEqual([]);
  });
});

describe("the course", () => {
  it("gives every lesson a distinct order number", () => {
    const orders = lessons.map((l) => l.frontmatter.order);
    expect(new Set(orders).size).toBe(orders.length);
  });

  it("names only existing, earlier lessons as prerequisites", () => {
    for (const lesson of lessons) {
      for (const prereq of (lesson.frontmatter.prerequisites as string[] | undefined) ?? []) {
        const target = lessonBySlug.get(prereq);
        expect(target, `${lesson.slug} requires missing lesson ${prereq}`).toBeDefined();
        expect(Number(target?.frontmatter.order), `${lesson.slug} requires later lesson ${prereq}`).toBeLessThan(Number(lesson.frontmatter.order));
      }
    }
  });

  it("uses each question id once across all banks", () => {
    const ids = banks.flatMap(({ bank }) => bank.questions.map((q) => q.id));
    expect(ids.length).toBe(new Set(ids).size);
  });
});

describe.each(lessons.map((l) => [l.slug, l] as const))("lesson %s", (slug, lesson) => {
  it("keeps braces and angle brackets out of prose (MDX would parse them)", () => {
    const prose = lesson.body
      .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, "")
      .replace(/`[^`\n]*`/g, "")
      .replace(/<\/?(?:Callout|Fact|PacketWalk|CheckYourself)\b[^>]*>/g, "");
    const offending = prose.split("\n").filter((line) => /[{}<]/.test(line));
    expect(offending).toEqual([]);
  });

  it("has a seed-error callout with the standard title, if it has one", () => {
    for (const m of lesson.body.matchAll(/<Callout\s+kind="seed-error"([^>]*)>/g)) {
      expect(m[1]).toContain('title="What the seed articles get wrong"');
    }
  });

  it("cites at least one https source", () => {
    const sources = lesson.frontmatter.sources ?? [];
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) expect(s.url ?? "").toMatch(/^https:\/\//);
  });

  it("uses only <Fact> ids that exist", () => {
    const ids = [...lesson.body.matchAll(/<Fact\s+id="([^"]+)"/g)].map((m) => m[1] as string);
    for (const id of ids) expect(id in facts, `<Fact id="${id}">`).toBe(true);
  });

  it("states no known wrong fact", () => {
    expect(wrongStatements(proseOf(lesson.body))).toEqual([]);
  });

  it("mentions every fact that must appear in it", () => {
    const needed = Object.entries(table).filter(([, f]) => f.mustAppearIn?.includes(slug));
    for (const [id, fact] of needed) {
      const byComponent = new RegExp(`<Fact\\s+id="${id.replace(/\./g, "\\.")}"`).test(lesson.body);
      expect(byComponent || statesValue(lesson.body, fact.value), `${slug} must mention ${id} (${fact.value})`).toBe(true);
    }
  });
});

describe.each(banks.map(({ file, bank }) => [file, bank] as const))("question bank %s", (file, bank) => {
  it("names an existing lesson", () => {
    if (bank.lesson) expect(lessonBySlug.has(bank.lesson), `${file}: lesson ${bank.lesson}`).toBe(true);
  });

  it.each(bank.questions.map((q) => [q.id, q] as const))("question %s agrees with the facts table and its lesson", (qid, q) => {
    if (q.lessonAnchor && bank.lesson && lessonBySlug.has(bank.lesson)) {
      const ids = headingIds((lessonBySlug.get(bank.lesson) as Lesson).body);
      expect(ids.has(q.lessonAnchor), `${qid}: lessonAnchor "${q.lessonAnchor}" is not a heading of ${bank.lesson} (${[...ids].join(", ")})`).toBe(true);
    }
    if (q.explanation) expect(wrongStatements(q.explanation), `${qid} explanation`).toEqual([]);
    if (!q.fact) return;
    expect(q.fact in facts, `${qid}: fact "${q.fact}" is not in content/facts.ts`).toBe(true);
    const value = facts[q.fact as FactId].value as number | string;
    switch (q.type) {
      case "numeric": {
        const answer = q.answer as { value: number };
        expect(answer.value, `${qid}: numeric answer vs ${q.fact}`).toBe(value);
        break;
      }
      case "single": {
        const options = q.options ?? [];
        const correct = options.find((o) => o.id === q.answer);
        expect(correct, `${qid}: answer option`).toBeDefined();
        expect(statesValue(String(correct?.text), value), `${qid}: correct option "${correct?.text}" must state ${q.fact} = ${value}`).toBe(true);
        for (const o of options.filter((o) => o.id !== q.answer)) {
          expect(statesValue(String(o.text), value), `${qid}: wrong option "${o.text}" states the fact's value ${value}`).toBe(false);
        }
        break;
      }
      case "text": {
        const accepted = (q.answer as { accepted: string[] }).accepted;
        expect(accepted.some((a) => statesValue(a, value)), `${qid}: accepted answers must include ${value}`).toBe(true);
        break;
      }
      default:
        throw new Error(`${qid}: fact: is only checked on numeric, single and text questions, not ${q.type}`);
    }
  });
});
