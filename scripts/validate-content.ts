/**
 * `npm run validate:content` (also run before `next build`): every lesson's frontmatter and
 * every question bank must validate, and every bank's lesson must exist. Prints one line
 * per problem naming the file, question and field, and exits 1.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { lessonFrontmatterSchema } from "../lib/content/lesson-schema";
import { describeBankError, quizBankSchema } from "../lib/quiz/bank-schema";

const root = path.resolve(__dirname, "..");
const problems: string[] = [];

function frontmatterOf(source: string): unknown {
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(source);
  return m ? parseYaml(m[1] ?? "") : {};
}

const lessonDir = path.join(root, "content", "lessons");
const lessonSlugs = new Set<string>();
for (const file of readdirSync(lessonDir).filter((f) => f.endsWith(".mdx"))) {
  const slug = file.replace(/\.mdx$/, "");
  lessonSlugs.add(slug);
  const parsed = lessonFrontmatterSchema.safeParse(frontmatterOf(readFileSync(path.join(lessonDir, file), "utf8")));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`content/lessons/${file}: field "${issue.path.join(".")}": ${issue.message}`);
  }
}

const quizDir = path.join(root, "content", "quizzes");
const questionIds = new Map<string, string>();
let questionCount = 0;
for (const file of readdirSync(quizDir).filter((f) => /\.ya?ml$/.test(f))) {
  const rel = `content/quizzes/${file}`;
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path.join(quizDir, file), "utf8"));
  } catch (error) {
    problems.push(`${rel}: not valid YAML: ${(error as Error).message}`);
    continue;
  }
  const parsed = quizBankSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push(describeBankError(rel, raw, parsed.error));
    continue;
  }
  const bank = parsed.data;
  if (bank.id !== file.replace(/\.ya?ml$/, "")) problems.push(`${rel}: field "id": must equal the file name`);
  if (bank.lesson && !lessonSlugs.has(bank.lesson)) problems.push(`${rel}: field "lesson": no lesson "${bank.lesson}" in content/lessons`);
  for (const q of bank.questions) {
    const owner = questionIds.get(q.id);
    if (owner) problems.push(`${rel}: question "${q.id}": id already used in ${owner}`);
    questionIds.set(q.id, rel);
    questionCount++;
  }
}

if (problems.length) {
  console.error(`Content is not valid:\n${problems.join("\n")}`);
  process.exit(1);
}
console.log(`validate:content: ${lessonSlugs.size} lessons and ${questionCount} questions are valid`);
