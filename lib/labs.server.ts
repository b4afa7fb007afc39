import "server-only";
import { effectivePolicy } from "./assignment-policy";
import type { Db, Tx } from "./db/client";
import { getLab, gradeLab, nextHint, publicLab, replayCommands, type LabDefinition as Lab, type LabDiagnosis, type LabGrade } from "./labs";
import { fnv1a32 } from "./packet-walk/hash";
import { GRADED_ASSIGNMENT_REVIEW, parseStoredReviewOptions, reviewVisibility } from "./quiz/review-options";
import { runShellCommand, type ShellObservation, type ShellTarget } from "./packet-walk/shell";

/**
 * Troubleshooting-lab attempts on the server (docs/decisions/021-troubleshooting-labs.md).
 *
 * The broken cluster never leaves the server and is never stored: every command, hint and
 * submit rebuilds it from the lab definition by replaying the attempt's earlier fix commands
 * (the shell is deterministic), inside the transaction that holds the attempt's row lock, so
 * two racing commands run one after the other against the state the first one left.
 */

export type LabFailure = { ok: false; status: 400 | 404 | 409; error: string };

/** Commands one attempt may run: a log replayed on every command must stay small. */
export const MAX_COMMANDS_PER_ATTEMPT = 400;
/** What one command's stored output may hold; longer output is cut with a note (a tcpdump of a big capture). */
export const MAX_STORED_OUTPUT = 64 * 1024;

export type LabTarget = ShellTarget;

/** A hash of the whole lab definition: an attempt replays only against the definition it started with. */
export function labVersion(lab: Lab): string {
  return fnv1a32(JSON.stringify(lab)).toString(16);
}

/** Where the lab's terminal may open: the nodes' root namespaces and the pods. */
export function labTargets(lab: Lab): readonly LabTarget[] {
  return publicLab(lab).terminals;
}

type LabAttemptRow = Awaited<ReturnType<Db["labAttempt"]["findFirstOrThrow"]>>;
type CommandRow = Awaited<ReturnType<Db["labCommand"]["findFirstOrThrow"]>>;

const NO_SUCH_ATTEMPT: LabFailure = { ok: false, status: 404, error: "No such lab attempt." };

function noSuchLab(slug: string): LabFailure {
  return { ok: false, status: 404, error: `There is no lab "${slug}".` };
}

/**
 * Starts the caller's attempt at a lab, or resumes the one they have open (a double click
 * opens one attempt: starts serialise on the learner's row, as quiz starts do).
 */
export async function startLabAttempt(
  db: Db,
  input: {
    userId: string;
    slug: string;
    assignmentId?: string | null;
    /** An assignment's close date for this learner: the attempt refuses commands and submits after it. */
    closesAt?: Date | null;
    /** An assignment's admission rule (window, attempts left), decided inside the lock from the attempts already used. */
    admit?: (attemptsUsed: number) => { ok: true } | { ok: false; message: string };
    now?: Date;
  },
): Promise<{ ok: true; attempt: LabAttemptRow; resumed: boolean } | LabFailure> {
  const lab = getLab(input.slug);
  if (!lab) return noSuchLab(input.slug);
  const series = { userId: input.userId, labSlug: lab.slug, assignmentId: input.assignmentId ?? null };
  const version = labVersion(lab);
  const open = await db.labAttempt.findFirst({ where: { ...series, status: "in_progress" } });
  if (open && open.labVersion === version && !isClosed(open, input.now ?? new Date())) return { ok: true, attempt: open, resumed: true };
  return db.$transaction(async (tx) => {
    const learner = await tx.user.updateMany({ where: { id: input.userId }, data: { updatedAt: new Date() } });
    if (learner.count === 0) return { ok: false as const, status: 404 as const, error: "No such user." };
    const current = await tx.labAttempt.findFirst({ where: { ...series, status: "in_progress" } });
    if (current && current.labVersion === version && !isClosed(current, input.now ?? new Date())) return { ok: true as const, attempt: current, resumed: true };
    // A lab whose definition changed cannot be replayed: its open attempt is closed unscored.
    const changed = current !== null && current.labVersion !== version;
    const used = await tx.labAttempt.count({ where: { ...series, status: { not: "abandoned" } } });
    const admitted = input.admit?.(used - (changed ? 1 : 0));
    if (admitted && !admitted.ok) return { ok: false as const, status: 409 as const, error: admitted.message };
    if (current && !changed) return { ok: false as const, status: 409 as const, error: "Your attempt at this lab has closed." };
    if (current) await tx.labAttempt.update({ where: { id: current.id }, data: { status: "abandoned", submittedAt: input.now ?? new Date() } });
    const last = await tx.labAttempt.findFirst({ where: { userId: input.userId, labSlug: lab.slug }, orderBy: { attemptNumber: "desc" }, select: { attemptNumber: true } });
    const attempt = await tx.labAttempt.create({
      data: { ...series, attemptNumber: (last?.attemptNumber ?? 0) + 1, labVersion: version, startedAt: input.now ?? new Date(), closesAt: input.closesAt ?? null },
    });
    return { ok: true as const, attempt, resumed: false };
  });
}

function isClosed(attempt: Pick<LabAttemptRow, "closesAt">, now: Date): boolean {
  return attempt.closesAt !== null && attempt.closesAt.getTime() <= now.getTime();
}

/** Takes the attempt's row lock (UPDATE … RETURNING) if it is the caller's and still open. */
async function lockOpenAttempt(tx: Tx, attemptId: string, userId: string): Promise<{ ok: true; attempt: LabAttemptRow; lab: Lab } | LabFailure> {
  const [claimed] = await tx.labAttempt.updateManyAndReturn({ where: { id: attemptId, userId, status: "in_progress" }, data: { updatedAt: new Date() } });
  if (!claimed) {
    const attempt = await tx.labAttempt.findFirst({ where: { id: attemptId, userId }, select: { status: true } });
    if (!attempt) return NO_SUCH_ATTEMPT;
    return { ok: false, status: 409, error: "This lab attempt is already submitted: start a new attempt to run commands." };
  }
  if (isClosed(claimed, new Date())) {
    return { ok: false, status: 409, error: `This assignment closed at ${claimed.closesAt?.toISOString().slice(0, 16).replace("T", " ")} UTC: the lab takes no more commands or submits.` };
  }
  const lab = getLab(claimed.labSlug);
  if (!lab || labVersion(lab) !== claimed.labVersion) return { ok: false, status: 409, error: "This lab has changed since the attempt started: start it again." };
  return { ok: true, attempt: claimed, lab };
}

/** The lab's cluster after the attempt's fix commands so far (only commands that changed something matter). */
function stateAfter(lab: Lab, commands: readonly Pick<CommandRow, "node" | "netns" | "line" | "change">[]) {
  const fixes = commands.filter((c) => c.change !== null).map((c) => ({ target: { node: c.node, netns: c.netns as LabTarget["netns"] }, line: c.line }));
  return replayCommands(lab, fixes).finalCluster;
}

function cutOutput(output: string): string {
  if (output.length <= MAX_STORED_OUTPUT) return output;
  return `${output.slice(0, MAX_STORED_OUTPUT)}\n[output cut at ${MAX_STORED_OUTPUT / 1024} KB]\n`;
}

export interface RanCommand {
  seq: number;
  output: string;
  exitCode: number;
  changed: boolean;
}

/** Runs one command line in the caller's open attempt and logs it. */
export async function runLabCommand(
  db: Db,
  input: { userId: string; attemptId: string; target: LabTarget; line: string },
): Promise<({ ok: true } & RanCommand) | LabFailure> {
  return db.$transaction(async (tx) => {
    const locked = await lockOpenAttempt(tx, input.attemptId, input.userId);
    if (!locked.ok) return locked;
    const { lab } = locked;
    const targets = labTargets(lab);
    if (!targets.some((t) => t.node === input.target.node && t.netns === input.target.netns)) {
      return { ok: false as const, status: 400 as const, error: `This lab has no shell on ${input.target.node} ${input.target.netns}.` };
    }
    const commands = await tx.labCommand.findMany({ where: { attemptId: input.attemptId }, orderBy: { seq: "asc" }, select: { node: true, netns: true, line: true, change: true } });
    if (commands.length >= MAX_COMMANDS_PER_ATTEMPT) {
      return { ok: false as const, status: 409 as const, error: `This attempt has run its ${MAX_COMMANDS_PER_ATTEMPT} commands: submit your diagnosis, or start the lab again.` };
    }
    const cluster = stateAfter(lab, commands);
    const result = runShellCommand({ cluster, traffic: lab.traffic }, input.target, input.line);
    const output = cutOutput(result.output);
    const seq = commands.length;
    await tx.labCommand.create({
      data: {
        attemptId: input.attemptId,
        seq,
        node: input.target.node,
        netns: input.target.netns,
        line: input.line,
        output,
        exitCode: result.exitCode,
        change: result.cluster !== cluster ? (result.change ?? "changed the lab's state") : null,
        observed: JSON.stringify(result.observed),
      },
    });
    return { ok: true as const, seq, output, exitCode: result.exitCode, changed: result.cluster !== cluster };
  });
}

function observationsOf(commands: readonly Pick<CommandRow, "observed">[]): ShellObservation[] {
  return commands.flatMap((c) => {
    try {
      const parsed: unknown = JSON.parse(c.observed);
      return Array.isArray(parsed) ? (parsed as ShellObservation[]) : [];
    } catch {
      return [];
    }
  });
}

/** One hint shown: its place in the lab's list (hints before it that were moot are skipped) and its text. */
interface ShownHint {
  index: number;
  text: string;
}

function parseShownHints(attempt: Pick<LabAttemptRow, "hints">): ShownHint[] {
  try {
    const parsed: unknown = JSON.parse(attempt.hints);
    return Array.isArray(parsed) ? parsed.filter((h): h is ShownHint => typeof h === "object" && h !== null && typeof h.text === "string" && Number.isInteger(h.index)) : [];
  } catch {
    return [];
  }
}

/** The hints an attempt has shown, in order. */
export function shownHints(attempt: Pick<LabAttemptRow, "hints">): string[] {
  return parseShownHints(attempt).map((h) => h.text);
}

/** The next hint for what the learner has not looked at yet; it is kept with the attempt (the instructor sees it). */
export async function takeLabHint(db: Db, input: { userId: string; attemptId: string }): Promise<{ ok: true; hint: string | null; hints: string[] } | LabFailure> {
  return db.$transaction(async (tx) => {
    const locked = await lockOpenAttempt(tx, input.attemptId, input.userId);
    if (!locked.ok) return locked;
    const commands = await tx.labCommand.findMany({ where: { attemptId: input.attemptId }, select: { observed: true } });
    const shown = parseShownHints(locked.attempt);
    const last = shown[shown.length - 1];
    const hint = nextHint(locked.lab, observationsOf(commands), last ? last.index + 1 : 0);
    if (hint === null) return { ok: true as const, hint: null, hints: shown.map((h) => h.text) };
    const hints = [...shown, { index: hint.index, text: hint.text }];
    await tx.labAttempt.update({ where: { id: input.attemptId }, data: { hints: JSON.stringify(hints) } });
    return { ok: true as const, hint: hint.text, hints: hints.map((h) => h.text) };
  });
}

function parseStored<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** A submitted attempt's grade checks and diagnosis as stored. */
export function storedResult(attempt: Pick<LabAttemptRow, "checks" | "diagnosis">): {
  checks: LabGrade["checks"];
  diagnosis: { node?: string; table?: string; entry?: string } | null;
} {
  return { checks: parseStored<LabGrade["checks"]>(attempt.checks, []), diagnosis: parseStored(attempt.diagnosis, null) };
}

export interface SubmittedLab {
  labSlug: string;
  assignmentId: string | null;
  score: number;
  maxScore: number;
  checks: LabGrade["checks"];
}

/** Grades the caller's attempt by the state its commands left and the diagnosis. Idempotent: a second submit returns the first grade. */
export async function submitLabAttempt(
  db: Db,
  input: { userId: string; attemptId: string; diagnosis: LabDiagnosis; now?: Date },
): Promise<({ ok: true } & SubmittedLab) | LabFailure> {
  return db.$transaction(async (tx) => {
    const locked = await lockOpenAttempt(tx, input.attemptId, input.userId);
    if (!locked.ok) {
      if (locked.status !== 409) return locked;
      const done = await tx.labAttempt.findFirst({ where: { id: input.attemptId, userId: input.userId, status: "submitted" } });
      if (done && done.checks && done.score !== null && done.maxScore !== null) {
        return { ok: true as const, labSlug: done.labSlug, assignmentId: done.assignmentId, score: done.score, maxScore: done.maxScore, checks: storedResult(done).checks };
      }
      return locked;
    }
    const commands = await tx.labCommand.findMany({ where: { attemptId: input.attemptId }, orderBy: { seq: "asc" }, select: { node: true, netns: true, line: true, change: true } });
    const finalCluster = stateAfter(locked.lab, commands);
    const grade = gradeLab(locked.lab, { finalCluster, diagnosis: input.diagnosis });
    await tx.labAttempt.update({
      where: { id: input.attemptId },
      data: {
        status: "submitted",
        submittedAt: input.now ?? new Date(),
        diagnosis: JSON.stringify(input.diagnosis),
        checks: JSON.stringify(grade.checks),
        score: grade.score,
        maxScore: grade.maxScore,
      },
    });
    return { ok: true as const, labSlug: locked.attempt.labSlug, assignmentId: locked.attempt.assignmentId, score: grade.score, maxScore: grade.maxScore, checks: grade.checks };
  });
}

/** The caller's own attempt with its command log, or null (someone else's looks missing). */
export function getOwnLabAttempt(db: Db, attemptId: string, userId: string) {
  return db.labAttempt.findFirst({ where: { id: attemptId, userId }, include: { commands: { orderBy: { seq: "asc" } } } });
}

/** The caller's attempts at each lab (for the catalogue and My progress). */
export function listLabAttempts(db: Db, userId: string) {
  return db.labAttempt.findMany({
    where: { userId },
    orderBy: [{ labSlug: "asc" }, { attemptNumber: "asc" }],
    select: { id: true, labSlug: true, status: true, score: true, maxScore: true, submittedAt: true, attemptNumber: true, assignmentId: true },
  });
}

/** What a learner may see of their submitted lab attempt now. */
export interface LabReview {
  /** The score and the checks. */
  showScore: boolean;
  /** What was wrong and the intended fix: the lab's answer key. */
  showKey: boolean;
  /** Why the key is hidden, for the page. */
  keyHiddenBecause: string | null;
}

/**
 * A practice attempt shows everything once submitted, unless an assignment of the same lab
 * is open for the learner (then the key waits, as quiz keys do: lib/review.server.ts). An
 * assignment attempt follows the assignment's review options (by default: score at once,
 * the answer key after the close date).
 */
export async function labReviewOf(db: Db, attempt: Pick<LabAttemptRow, "userId" | "labSlug" | "assignmentId" | "status">, now = new Date()): Promise<LabReview> {
  if (attempt.status !== "submitted") return { showScore: false, showKey: false, keyHiddenBecause: null };
  if (attempt.assignmentId) {
    const assignment = await db.assignment.findUnique({ where: { id: attempt.assignmentId }, include: { overrides: { where: { userId: attempt.userId } } } });
    if (assignment) {
      const policy = effectivePolicy(assignment, assignment.overrides[0] ?? null);
      const options = parseStoredReviewOptions(assignment.reviewOptions, GRADED_ASSIGNMENT_REVIEW);
      const visible = reviewVisibility(options, { submitted: true, dueAt: policy.dueAt, closesAt: policy.closesAt, now });
      return {
        showScore: visible.score,
        showKey: visible.rightAnswers,
        keyHiddenBecause: visible.rightAnswers ? null : policy.closesAt ? `The answer shows after the assignment closes (${policy.closesAt.toISOString().slice(0, 16).replace("T", " ")} UTC).` : "Your instructor has not set this assignment to show the answer.",
      };
    }
  }
  const open = await openLabAssignments(db, attempt.userId, now);
  if (open.has(attempt.labSlug)) {
    return { showScore: true, showKey: false, keyHiddenBecause: "The answer is hidden while an assignment of this lab is open for you." };
  }
  return { showScore: true, showKey: true, keyHiddenBecause: null };
}

/** The labs the learner has an assignment of that has not closed (in a cohort that is not archived). */
async function openLabAssignments(db: Db, userId: string, now: Date): Promise<Set<string>> {
  const assignments = await db.assignment.findMany({
    where: { labSlug: { not: null }, cohort: { archivedAt: null, memberships: { some: { userId, role: "learner" } } } },
    include: { overrides: { where: { userId } } },
  });
  const open = new Set<string>();
  for (const a of assignments) {
    const policy = effectivePolicy(a, a.overrides[0] ?? null);
    if (!policy.closesAt || policy.closesAt.getTime() > now.getTime()) open.add(a.labSlug!);
  }
  return open;
}
