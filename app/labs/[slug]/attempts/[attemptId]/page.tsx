import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LabTerminal } from "@/components/labs/lab-terminal";
import { DiagnosisLine, LabChecks } from "@/components/labs/lab-result";
import { LabWorkspace } from "@/components/labs/lab-workspace";
import styles from "@/components/labs/labs.module.css";
import { StartAttemptButton } from "@/components/quiz/start-attempt-button";
import { TopologyDiagram } from "@/components/packet-walk/topology-diagram";
import { requireUser } from "@/lib/auth.server";
import { db } from "@/lib/db.server";
import { getLab, publicLab, revealedLab, terminalLabel } from "@/lib/labs";
import { getOwnLabAttempt, labReviewOf, shownHints, storedResult } from "@/lib/labs.server";
import { describeTopology, getScenario } from "@/lib/packet-walk/browser";
import { formatScore } from "@/lib/text/score";

export const metadata: Metadata = { title: "Lab" };

type Props = { params: Promise<{ slug: string; attemptId: string }> };


export default async function LabAttemptPage({ params }: Props) {
  const { slug, attemptId } = await params;
  const user = await requireUser(`/labs/${slug}/attempts/${attemptId}`);
  const lab = getLab(slug);
  // Another learner's attempt looks exactly like a missing one.
  const attempt = await getOwnLabAttempt(db, attemptId, user.id);
  if (!lab || !attempt || attempt.labSlug !== slug) notFound();
  const view = publicLab(lab);
  const log = attempt.commands.map((c) => ({ node: c.node, netns: c.netns, line: c.line, output: c.output }));
  const targets = view.terminals.map((t) => ({ node: t.node, netns: t.netns, label: terminalLabel(t) }));
  const initialTarget = targets.find((t) => t.node === view.startAt.node && t.netns === view.startAt.netns) ?? targets[0];
  if (!initialTarget) notFound();
  const topology = describeTopology(getScenario(lab.scenario));
  const diagram = (
    <details className="lab-diagram">
      <summary>The cluster as it was designed (before anything broke)</summary>
      <TopologyDiagram topology={topology} title={`${view.title}: the cluster as designed`} description="Nodes, pods and devices of the healthy cluster." idPrefix="lab-topology" />
    </details>
  );

  const heading = (
    <>
      <p className="muted">
        <Link href="/labs">Troubleshooting labs</Link> · attempt {attempt.attemptNumber}
      </p>
      <h1>{view.title}</h1>
    </>
  );

  if (attempt.status === "in_progress") {
    return (
      <div style={{ maxWidth: "84rem" }}>
        {heading}
        <p className={styles.story}>{view.story}</p>
        {diagram}
        <LabWorkspace
          attemptId={attempt.id}
          targets={targets}
          initialTarget={initialTarget}
          nodes={view.diagnosisPlaces}
          tables={view.diagnosisTables}
          initialHints={shownHints(attempt)}
          log={log}
        />
      </div>
    );
  }

  const review = await labReviewOf(db, attempt);
  const stored = storedResult(attempt);
  const checks = review.showScore ? stored.checks : [];
  const diagnosis = stored.diagnosis;
  // The answer key leaves the server only when the review allows it.
  const answer = review.showKey ? revealedLab(lab) : null;
  return (
    <div style={{ maxWidth: "84rem" }}>
      {heading}
      {attempt.status === "abandoned" ? (
        <p role="status">This attempt was closed without a grade because the lab changed after it started.</p>
      ) : review.showScore ? (
        <p className="score" data-testid="lab-score">
          Score: {formatScore(attempt.score ?? 0, attempt.maxScore ?? 0)}
        </p>
      ) : (
        <p role="status">Submitted. Your instructor has set this assignment to show the score later.</p>
      )}
      <LabChecks checks={checks} />
      {diagnosis && <DiagnosisLine label="Your diagnosis" diagnosis={diagnosis} />}
      <h2>What was wrong</h2>
      {answer ? (
        <>
          <p>{answer.explanation}</p>
          {answer.fix.length > 0 && (
            <>
              <p>One fix:</p>
              <pre>{answer.fix.map((f) => `${f.target.netns === "host" ? f.target.node : f.target.netns.slice(4)}# ${f.line}`).join("\n")}</pre>
            </>
          )}
        </>
      ) : (
        <p data-testid="lab-key-hidden">{review.keyHiddenBecause}</p>
      )}
      {diagram}
      <h2>Your session</h2>
      <LabTerminal attemptId={attempt.id} targets={targets} initialTarget={initialTarget} log={log} disabled />
      <p>
        <StartAttemptButton action={`/api/labs/${lab.slug}/attempts`} label="Start a new attempt" />
      </p>
    </div>
  );
}
