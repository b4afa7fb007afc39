import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DiagnosisLine, LabChecks } from "@/components/labs/lab-result";
import styles from "@/components/labs/labs.module.css";
import { LocalTime } from "@/components/ui/local-time";
import { assignmentTitle } from "@/lib/assignments.server";
import { requireRole } from "@/lib/auth.server";
import { db } from "@/lib/db.server";
import { getLabAttemptForInstructor } from "@/lib/gradebook.server";
import { getLab } from "@/lib/labs";
import { shownHints, storedResult } from "@/lib/labs.server";
import { plural } from "@/lib/text/plural";
import { formatScore } from "@/lib/text/score";

export const metadata: Metadata = { title: "Lab attempt review" };
type Props = { params: Promise<{ cohortId: string; attemptId: string }> };


function where(c: { node: string; netns: string }): string {
  return c.netns === "host" ? c.node : `${c.netns.slice("pod:".length)} (on ${c.node})`;
}

/** One learner's lab attempt for the cohort's instructors: every command and its output, hints, diagnosis, checks. */
export default async function InstructorLabAttemptPage({ params }: Props) {
  const { cohortId, attemptId } = await params;
  const user = await requireRole(`/teach/cohorts/${cohortId}/lab-attempts/${attemptId}`, ["instructor", "admin"]);
  const found = await getLabAttemptForInstructor(db, user, cohortId, attemptId);
  if (!found) notFound();
  const { attempt, cohort, late } = found;
  const lab = getLab(attempt.labSlug);
  const who = attempt.user.name ?? attempt.user.email;
  const { checks, diagnosis } = storedResult(attempt);
  const hints = shownHints(attempt);
  const fixes = attempt.commands.filter((c) => c.change !== null).length;
  return (
    <div style={{ maxWidth: "56rem" }}>
      <p>
        <Link href={`/teach/cohorts/${cohort.id}/gradebook`}>← Gradebook of {cohort.name}</Link>
      </p>
      <h1>
        {who}: {assignmentTitle(attempt.assignment!)}
      </h1>
      <p className="muted">
        {attempt.user.email} · attempt {attempt.attemptNumber} · started <LocalTime iso={attempt.startedAt.toISOString()} />
        {attempt.submittedAt && (
          <>
            {" "}
            · submitted <LocalTime iso={attempt.submittedAt.toISOString()} />
          </>
        )}
        {late && (
          <>
            {" "}
            · <span className="badge bad">Late</span>
          </>
        )}
      </p>
      {attempt.status === "submitted" ? (
        <>
          <p className="score" data-testid="score">
            Score: {formatScore(attempt.score ?? 0, attempt.maxScore ?? 0)}
          </p>
          <LabChecks checks={checks} />
          {diagnosis && <DiagnosisLine label="Diagnosis" diagnosis={diagnosis} />}
        </>
      ) : (
        <p>This attempt is {attempt.status === "abandoned" ? "closed without a grade (the lab changed after it started)" : "in progress"}.</p>
      )}
      <p>
        {plural(attempt.commands.length, "command")} run, {plural(fixes, "change")} made, {plural(hints.length, "hint")} taken
        {lab ? <> · lab: <Link href={`/labs/${lab.slug}`}>{lab.title}</Link></> : null}.
      </p>
      {hints.length > 0 && (
        <>
          <h2>Hints taken</h2>
          <ol>
            {hints.map((h, i) => (
              <li key={i}>{h}</li>
            ))}
          </ol>
        </>
      )}
      <h2>Commands</h2>
      {attempt.commands.length === 0 ? (
        <p>No commands were run.</p>
      ) : (
        <ol className={styles.log} data-testid="lab-commands">
          {attempt.commands.map((c) => (
            <li key={c.id} data-seq={c.seq}>
              <code>
                {where(c)}# {c.line}
              </code>
              {c.change && <span className="badge ok"> changed: {c.change}</span>}
              {c.exitCode !== 0 && <span className="muted"> (exit {c.exitCode})</span>}
              {c.output && <pre>{c.output}</pre>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
