import "server-only";
import { labCleanupScript, labProbe, labScript, type Cluster, type LabProbe } from "@/lib/packet-walk";
import type { LoadedBank } from "@/lib/content/quiz-banks.server";
import { pathQuestionScenario } from "@/lib/quiz/path-questions";
import type { ReviewItem } from "@/lib/attempts.server";

/** The lab of one path question in a review: its generated cluster and how to send its packet. */
export interface PathLab {
  readonly cluster: Cluster;
  readonly probe: LabProbe;
}

/**
 * The lab behind a path question of a submitted attempt, or null. The lab's routes and FDB
 * entries give the right path away, so it is offered exactly where the review shows the
 * right answer (`correctAnswer` is null before submission and while an assignment locks it).
 */
export function pathLabOf(bank: LoadedBank, seed: number, item: ReviewItem): PathLab | null {
  if (item.question.type !== "path" || item.correctAnswer === null) return null;
  const question = bank.questions.find((q) => q.id === item.question.id);
  if (question?.type !== "path") return null;
  const scenario = pathQuestionScenario(question, seed);
  const spec = { from: scenario.source.ip, to: scenario.destination.ip, ...(scenario.payloadBytes !== 56 ? { payloadBytes: scenario.payloadBytes } : {}) };
  return { cluster: scenario.cluster, probe: labProbe(scenario.cluster, scenario.walk, spec) };
}

/** The setup or cleanup script text of a path question's lab. */
export function pathLabScript(lab: PathLab, part: "setup" | "cleanup"): string {
  return part === "setup" ? labScript(lab.cluster) : labCleanupScript(lab.cluster);
}

/** Download names: the question id is a bank id ([a-z0-9-]), safe in a file name. */
export function pathLabFileName(questionId: string, part: "setup" | "cleanup"): string {
  return part === "setup" ? `cnia-lab-${questionId}.sh` : `cnia-lab-${questionId}-cleanup.sh`;
}
