import Link from "next/link";
import type { ReviewItem } from "@/lib/attempts.server";
import { bankOfQuestion, type LoadedBank } from "@/lib/content/quiz-banks.server";
import { instantiatePathQuestion, pathKeyAsAnswer } from "@/lib/quiz/path-questions";
import { PathReview } from "./path-review";
import { InlineText } from "@/components/inline-text";
import { verdictOf } from "@/lib/quiz/verdict";
import { pathLabFileName, pathLabOf } from "@/lib/path-lab.server";

/** Points as the review shows them: whole numbers plain, partial credit to two places. */
export function formatPoints(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** Learner's and right devices of a device-picking path question, or null for other questions. */
function devicesToCompare(bank: LoadedBank, questionId: string, seed: number, rawAnswer: unknown): { picked: string[]; correct: string[] } | null {
  const question = bank.questions.find((q) => q.id === questionId);
  if (question?.type !== "path") return null;
  // The right path is rebuilt from the attempt seed, exactly as grading did.
  const instance = instantiatePathQuestion(question, seed);
  if (instance.answerKind !== "devices" && instance.answerKind !== "device" && instance.answerKind !== "device-and-reason") return null;
  const devices = rawAnswer && typeof rawAnswer === "object" ? (rawAnswer as { devices?: unknown }).devices : undefined;
  const picked = Array.isArray(devices) ? devices.filter((d): d is string => typeof d === "string") : [];
  return { picked, correct: pathKeyAsAnswer(instance).devices ?? [] };
}

interface Props {
  /** From buildReview: only ever built for a submitted attempt, so no key leaks early. */
  items: ReviewItem[];
  /** The bank's own lesson; mixed banks fall back to each question's home bank. */
  lesson?: string;
  /** "Your answer" for the learner, "Answer" for an instructor reading someone else's. */
  answerLabel?: string;
  /** The attempt's bank and seed: path questions are redrawn from them. */
  bank: LoadedBank;
  seed: number;
  /** Where the learner's own path-question labs are served (`/api/attempts/<id>/lab`); unset on an instructor's page. */
  labBase?: string;
}

/** The per-question review of a submitted attempt, shared by the learner's and the instructor's pages. */
export function AttemptReviewList({ items, lesson, answerLabel = "Your answer", bank, seed, labBase }: Props) {
  return items.map((item, i) => {
    const lessonSlug = lesson ?? bankOfQuestion(item.question.id)?.lesson;
    return (
      <section
        key={item.question.id}
        className={`question review ${item.correct === null ? "" : item.correct ? "correct" : "incorrect"}`}
        aria-label={`Question ${i + 1}`}
        data-question-id={item.question.id}
      >
        <p><strong>{i + 1}. <InlineText text={item.question.prompt} /></strong></p>
        {item.question.type === "path" && <p className="muted">{item.question.context}</p>}
        {item.points !== null && (
          <p>
            <span className={`badge ${verdictOf({ correct: item.correct, points: item.points }).tone}`}>{verdictOf({ correct: item.correct, points: item.points }).label}</span>{" "}
            {formatPoints(item.points)} / {formatPoints(item.maxPoints)}
          </p>
        )}
        {item.comment !== null && <p className="callout" data-testid="grade-comment">Graded by your instructor: {item.comment}</p>}
        {item.locked && <p className="muted" data-testid="locked-question">Its grade, right answer and explanation stay hidden while an assignment on it is open for you.</p>}
        {item.yourAnswer !== null && <p>{answerLabel}: <InlineText text={item.yourAnswer} /></p>}
        {item.question.type === "path" && <PathDrawing item={item} bank={bank} seed={seed} />}
        {item.question.type === "path" && labBase && <PathLabOffer item={item} bank={bank} seed={seed} labBase={labBase} />}
        {item.correct !== true && item.correctAnswer !== null && <p>Correct answer: <strong><InlineText text={item.correctAnswer} /></strong></p>}
        {item.misconceptions.map((m) => (
          <p key={m} className="callout warning"><InlineText text={m} /></p>
        ))}
        {item.explanation !== null && <p><InlineText text={item.explanation} /></p>}
        <p className="muted">
          Source: <a href={item.source.url} rel="noopener noreferrer">{item.source.title}</a>
          {lessonSlug && (
            <> · <Link href={`/lessons/${lessonSlug}${item.lessonAnchor ? `#${item.lessonAnchor}` : ""}`}>Review the lesson</Link></>
          )}
        </p>
      </section>
    );
  });
}

function PathDrawing({ item, bank, seed }: { item: ReviewItem; bank: LoadedBank; seed: number }) {
  // The right path is a key: drawn only where the review shows right answers and the learner's answers.
  if (item.question.type !== "path" || item.correctAnswer === null || item.yourAnswer === null) return null;
  const compare = devicesToCompare(bank, item.question.id, seed, item.rawAnswer);
  return compare && <PathReview topology={item.question.topology} picked={compare.picked} correct={compare.correct} idPrefix={`review-${item.question.id}`} />;
}

/** "Run this question's cluster yourself": the generated cluster it was graded on, as a lab. */
function PathLabOffer({ item, bank, seed, labBase }: { item: ReviewItem; bank: LoadedBank; seed: number; labBase: string }) {
  const lab = pathLabOf(bank, seed, item);
  if (!lab) return null;
  const id = item.question.id;
  const setup = pathLabFileName(id, "setup");
  const cleanup = pathLabFileName(id, "cleanup");
  const commands = [`sudo bash ${setup}`, ...lab.probe.listen.map((l) => `sudo ${l}`), `sudo ${lab.probe.send}`, `sudo bash ${cleanup}`];
  return (
    <details className="lab-offer" data-testid="path-lab">
      <summary>Run this question&apos;s cluster on your own Linux machine</summary>
      <p>
        The setup script builds the cluster this question was graded on, in network namespaces. It needs root, creates only
        namespaces whose names start with <code>cnia-</code> and changes nothing in your machine&apos;s own network; the
        cleanup script deletes them.
      </p>
      <ul>
        <li><a href={`${labBase}/${id}?part=setup`} download={setup}>Download the setup script ({setup})</a></li>
        <li><a href={`${labBase}/${id}?part=cleanup`} download={cleanup}>Download the cleanup script ({cleanup})</a></li>
      </ul>
      <pre tabIndex={0} aria-label={`Lab commands for question ${id}`}><code>{commands.join("\n")}</code></pre>
    </details>
  );
}
