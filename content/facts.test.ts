/**
 * Keeps lessons and question banks consistent with content/facts.ts, the one table of key
 * facts (ports, bit widths, defaults) and their primary sources.
 *
 * - every fact cites an https source, and its wrong-statement patterns do not match its own statement;
 * - every `<Fact id>` used in a lesson exists;
 * - no lesson prose states a known wrong version of a fact (`wrongPatterns`, sentence by sentence;
 *   code blocks and the "What the source articles get wrong" callouts are skipped because they quote
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
import { facts, type Fact, type FactId, type WrongPattern } from "./facts";

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
  prompt?: string;
  options?: Array<{ id: string; text: string | number }>;
  answer: unknown;
  explanation?: string;
  lessonAnchor?: string;
  source?: { title?: string; url?: string };
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
function wrongStatements(prose: string, only?: (w: WrongPattern) => boolean): Array<{ fact: string; sentence: string; why: string }> {
  const hits: Array<{ fact: string; sentence: string; why: string }> = [];
  for (const sentence of sentencesOf(prose)) {
    for (const [id, fact] of Object.entries(table)) {
      for (const wrong of fact.wrongPatterns ?? []) {
        if (only && !only(wrong)) continue;
        if (wrong.pattern.test(sentence) && !(wrong.unless && wrong.unless.test(sentence))) {
          hits.push({ fact: id, sentence, why: wrong.why });
        }
      }
    }
  }
  return hits;
}

/** The lines of a lesson's fenced code blocks (shown to learners as real command output). */
function codeOf(body: string): string {
  return [...body.matchAll(/^(```|~~~)[^\n]*\n([\s\S]*?)^\1[ \t]*$/gm)].map((m) => m[2] ?? "").join("\n");
}

/** What a question asserts as true: its prompt, its correct options and its explanation (not the distractors). */
function assertedTextOf(q: QuizQuestion): string {
  const keys = new Set(Array.isArray(q.answer) ? (q.answer as unknown[]).map(String) : [String(q.answer)]);
  const correct = (q.options ?? []).filter((o) => keys.has(o.id)).map((o) => String(o.text));
  return [q.prompt ?? "", ...correct, q.explanation ?? ""].join("\n");
}

const FLANNEL_README = "https://github.com/flannel-io/flannel/blob/master/README.md";
/** Topics the current flannel README does not describe (they are in backends.md, running.md or the code). */
const NOT_IN_FLANNEL_README = /\budp\b|\bTUN\b|restart|downtime|host-gw|layer[- ]?2|layer2|remote machine/i;

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

  it("cites the exact file or section for every fact, never a README that does not say it", () => {
    for (const [id, fact] of Object.entries(table)) {
      const namesSection = /§|\(.+\)/.test(fact.source.title) || fact.source.url.includes("#");
      expect(namesSection, `${id}: name the file section in the title, e.g. "backends.md (UDP: Port)"`).toBe(true);
      expect(fact.source.url, id).not.toBe(FLANNEL_README);
    }
  });

  it("marks no fact both contested and graded: questions never grade a point the primary sources disagree on", () => {
    const contested = Object.entries(table).filter(([, f]) => f.contested).map(([id]) => id);
    expect(contested.length).toBeGreaterThan(0);
    for (const { bank } of banks) {
      for (const q of bank.questions) expect(contested, `${q.id} grades a contested fact`).not.toContain(q.fact);
    }
  });

  it("fails on each error of issue 13 if it comes back, and accepts the corrections", () => {
    const wrong = [
      // flannel's default backend stated as a plain fact
      "Flannel's default backend, Calico's VXLAN mode and most cloud overlays are built on it.",
      "If it is omitted entirely, flanneld falls back to udp, so in practice it is always set.",
      "Backend defaults to the udp backend.",
      // flannel0 before v0.11 (checked in code blocks too)
      "    inet 10.244.1.0/16 scope global flannel0",
      "10.244.0.0/16 dev flannel0 proto kernel scope link src 10.244.1.0",
      // the VXLAN source port range
      "`srcport 0 0` means the kernel chooses from 49152 to 65535 itself.",
      // SubnetLen
      "SubnetLen defaults to 24 (unless Network itself is smaller than a /24).",
      // Calico's default pool encapsulation without the install path
      "The default pool Calico creates uses IPIP encapsulation.",
      // misattributed removed cloud backends
      "Across routers, the routers learn the routes from a cloud's route table (flannel's cloud backends).",
      "Use flannel's aws-vpc backend on AWS.",
      // 254 pods per /24
      "A /16 allows 256 nodes with up to 254 pods each.",
      // Canal
      "Calico's BGP daemon is disabled (calico_backend: none).",
      // cause and effect of PERMANENT entries
      "These entries are permanent because the device was created with nolearning.",
      // EndpointSlices and readiness
      "The EndpointSlice controller adds 10.244.1.2 to the Service's EndpointSlice once the pod is Ready.",
      "The control plane keeps EndpointSlices listing the ready pod IPs behind the Service.",
      // hostPort
      "It limits scheduling since two pods cannot use the same hostPort on one node.",
      // Podman
      "Podman replaced CNI with its own netavark stack in version 5.",
      // etcd
      "Nothing else in a standard control plane talks to it directly.",
      // Network mandatory
      "Network is the whole pod address space and the only mandatory key.",
    ];
    for (const sentence of wrong) expect(wrongStatements(sentence).length, sentence).toBeGreaterThan(0);
    const right = [
      "Flannel's recommended backend (the one its standard manifest installs) is VXLAN.",
      "configuration.md says Backend defaults to vxlan, while parseBackendType in the code returns udp.",
      "    inet 10.244.1.0/32 scope global flannel0",
      "10.244.0.0/16 dev flannel0",
      "Releases before v0.11.0 gave flannel0 the network's prefix instead (10.244.1.0/16).",
      "RFC 7348 suggests the range 49152 to 65535; Linux uses ip_local_port_range instead.",
      "SubnetLen is 24 unless Network is smaller than a /22.",
      "With the calico.yaml manifest the default pool uses IPIP.",
      "flannel's AWS VPC and GCE backends (aws-vpc, gce) were removed in v0.20.0.",
      "Each /24 gives 253 pod addresses.",
      "canal.yaml sets CALICO_NETWORKING_BACKEND to none.",
      "The entries are permanent because flanneld installs them so; nolearning stops the kernel from learning.",
      "The EndpointSlice lists the pod as soon as it has an IP, with ready=false until the pod is Ready.",
      "The same hostPort and protocol on the same hostIP clash.",
      "Podman made netavark its default in 4.0 and dropped CNI in version 5.",
      "By design nothing else talks to it directly; nothing enforces this.",
      "Network is mandatory while EnableIPv4 is true.",
    ];
    for (const sentence of right) expect(wrongStatements(sentence), sentence).toEqual([]);
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

  it("does not list as an article error what a primary source says too (issue 13)", () => {
    // "10.244.0.0/16 is flannel's default subnet" is the manifest's default; "CrossSubnet is a mixed mode"
    // is fair wording; "VXLAN is the default" matches flannel's configuration.md; article 004 never creates a canal netns.
    const notErrors = /default subnet is 10\.244|Flannel's default subnet|mixed mode|VXLAN is the default|namespace created as `canal`/i;
    for (const m of lesson.body.matchAll(/<Callout\s+kind="seed-error"[\s\S]*?<\/Callout>/g)) {
      const listed = m[0].split("\n").filter((line) => notErrors.test(line));
      expect(listed, `${slug}: not an error`).toEqual([]);
    }
  });

  it("has a seed-error callout with the standard title, if it has one", () => {
    for (const m of lesson.body.matchAll(/<Callout\s+kind="seed-error"([^>]*)>/g)) {
      expect(m[1]).toContain('title="What the source articles get wrong"');
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

  it("shows no known wrong fact in its command output", () => {
    expect(wrongStatements(codeOf(lesson.body), (w) => w.inCode === true)).toEqual([]);
  });

  it("names the upstream versions it describes and the date its facts were checked", () => {
    const describes = lesson.frontmatter.describes as Array<{ project?: string; version?: string }> | undefined;
    expect(describes?.length ?? 0, `${slug}: frontmatter describes`).toBeGreaterThan(0);
    expect(String(lesson.frontmatter.factsChecked ?? ""), `${slug}: frontmatter factsChecked`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("cites flannel's README only for what the README says", () => {
    const cited = [
      ...(lesson.frontmatter.sources ?? []).filter((s) => s.url === FLANNEL_README).map((s) => s.title ?? ""),
      ...lesson.body.split("\n").filter((line) => line.includes(`(${FLANNEL_README})`)),
    ];
    for (const claim of cited) expect(NOT_IN_FLANNEL_README.test(claim), `${slug} cites the flannel README for: ${claim}`).toBe(false);
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
    expect(wrongStatements(assertedTextOf(q)), `${qid}: prompt, correct options and explanation`).toEqual([]);
    if (q.source?.url === FLANNEL_README) expect(NOT_IN_FLANNEL_README.test(`${q.source.title ?? ""} ${q.explanation ?? ""}`), `${qid} cites the flannel README`).toBe(false);
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
