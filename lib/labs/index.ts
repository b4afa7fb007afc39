/**
 * Troubleshooting labs: definitions (content/labs), hints, grading by final state, and the
 * browser's view. Pure: no React, Next, Prisma or Node I/O. The answer keys (faults,
 * diagnosis, fix, hints) stay on the server; send the browser publicLab(lab) only.
 */
export * from "./types";
export { nextHint, type NextHint } from "./hints";
export {
  gradeLab,
  replayCommands,
  labStartCluster,
  labTerminals,
  entryMatches,
  LAB_WEIGHTS,
  DIAGNOSIS_ONLY_WEIGHTS,
  MAX_REPLAY_COMMANDS,
  type LabCheck,
  type LabCheckId,
  type LabGrade,
  type LabSubmission,
  type ReplayResult,
} from "./grade";
export { probeOutcome, probeLabel, regressionSpecs, regressionBaseline, type ProbeOutcome, type RegressionProbe } from "./probes";
export { publicLab, type PublicLab, type PublicTerminal } from "./public";
export { LABS, getLab, listLabSlugs } from "@/content/labs";
export { terminalLabel, revealedLab, type RevealedLab } from "./course-view";
export { labDiagnosisSchema, labCommandSchema, labCommandLogSchema, parseLabDiagnosis, parseLabCommandLog, type ParsedLabInput } from "./schema";
