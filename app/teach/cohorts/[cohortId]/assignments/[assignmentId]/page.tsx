import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionButton } from "@/components/teach/action-button";
import { ApiForm } from "@/components/teach/api-form";
import styles from "@/components/teach/teach.module.css";
import { assignmentTitle, getManagedAssignment, lessonSlugsOf, reviewOptionFields } from "@/lib/assignments.server";
import { requireRole } from "@/lib/auth.server";
import { getLesson } from "@/lib/content/lessons.server";
import { getLab } from "@/lib/labs";
import { getBank } from "@/lib/content/quiz-banks.server";
import { db } from "@/lib/db.server";
import { getItemAnalysis, percent } from "@/lib/gradebook.server";
import { previewRegrade } from "@/lib/grading.server";
import { MIN_RELIABLE_ATTEMPTS } from "@/lib/item-analysis";
import { GRADED_ASSIGNMENT_REVIEW, parseStoredReviewOptions, REVIEW_PART_LABELS, REVIEW_PARTS, REVIEW_WHEN_LABELS } from "@/lib/quiz/review-options";
import { HopHeatmap } from "./hop-heatmap";
import { InlineText } from "@/components/inline-text";
import { topicTitle } from "@/lib/content/topics";
import { plural } from "@/lib/text/plural";
import { formatScore } from "@/lib/text/score";
import { LocalTime } from "@/components/ui/local-time";

export const metadata: Metadata = { title: "Assignment" };
type Props = { params: Promise<{ cohortId: string; assignmentId: string }> };

function fmt(x: number | null, digits = 2): string {
  return x === null ? "–" : x.toFixed(digits);
}

/** Colour for a facility value: red when most learners miss it. */
function heat(fraction: number | null): string {
  if (fraction === null) return "transparent";
  const hue = Math.round(fraction * 120); // 0 = red, 120 = green
  return `hsl(${hue} 70% 45% / 0.25)`;
}

export default async function AssignmentPage({ params }: Props) {
  const { cohortId, assignmentId } = await params;
  const user = await requireRole(`/teach/cohorts/${cohortId}/assignments/${assignmentId}`, ["instructor", "admin"]);
  const assignment = await getManagedAssignment(db, user, assignmentId);
  if (!assignment || assignment.cohortId !== cohortId) notFound();
  const [cohort, learners, overrides, analysis] = await Promise.all([
    db.cohort.findUniqueOrThrow({ where: { id: cohortId } }),
    db.cohortMembership.findMany({ where: { cohortId, role: "learner" }, include: { user: { select: { id: true, email: true, name: true } } } }),
    db.assignmentOverride.findMany({ where: { assignmentId }, include: { user: { select: { email: true, name: true } } } }),
    assignment.quizId ? getItemAnalysis(db, user, cohortId, assignmentId) : Promise.resolve(null),
  ]);
  const slugs = lessonSlugsOf(assignment);
  // The regrade dry run: what grading the submitted attempts again with the bank as it is now would change.
  const regrade = assignment.quizId ? await previewRegrade(db, user, assignmentId) : null;
  const review = parseStoredReviewOptions(assignment.reviewOptions, GRADED_ASSIGNMENT_REVIEW);
  const who = new Map(learners.map((m) => [m.user.id, m.user.name ?? m.user.email]));

  return (
    <>
      <p><Link href={`/teach/cohorts/${cohortId}`}>← {cohort.name}</Link> · <Link href={`/teach/cohorts/${cohortId}/gradebook`}>Gradebook</Link></p>
      <h1>{assignmentTitle(assignment)}</h1>
      <p className="muted">
        {assignment.quizId ? <>Quiz <Link href={`/quizzes/${assignment.quizId}`}>{getBank(assignment.quizId)?.title ?? assignment.quizId}</Link></> : assignment.labSlug ? <>Troubleshooting lab <Link href={`/labs/${assignment.labSlug}`}>{getLab(assignment.labSlug)?.title ?? assignment.labSlug}</Link></> : <>Lessons: {slugs.map((s) => getLesson(s)?.title ?? s).join(", ")}</>}
        {" · "}opens <LocalTime iso={assignment.opensAt.toISOString()} /> · due <LocalTime iso={assignment.dueAt.toISOString()} /> · {assignment.closesAt ? <>closes <LocalTime iso={assignment.closesAt.toISOString()} /></> : "never closes"}
        {" · "}{assignment.attemptsAllowed === null ? "unlimited attempts" : plural(assignment.attemptsAllowed, "attempt")}{assignment.timeLimitSeconds ? ` · ${assignment.timeLimitSeconds / 60} min` : ""}
      </p>
      <p className="muted" data-testid="assignment-rules">
        Grade: {assignment.gradingMethod === "last" ? "the last submitted attempt" : assignment.gradingMethod === "average" ? "the average of the submitted attempts" : "the best attempt"}
        {assignment.passMark !== null ? ` · pass mark ${Math.round(assignment.passMark * 100)}%` : ""}
        {" · review: "}{REVIEW_PARTS.map((p) => `${REVIEW_PART_LABELS[p].toLowerCase()} ${REVIEW_WHEN_LABELS[review[p]].toLowerCase()}`).join("; ")}
      </p>
      <details>
        <summary>Edit the assignment</summary>
        <ApiForm
          label="Edit assignment"
          method="PATCH"
          action={`/api/assignments/${assignment.id}`}
          submitLabel="Save changes"
          fields={[
            { kind: "text", name: "title", label: "Title (optional)", defaultValue: assignment.title },
            { kind: "datetime", name: "opensAt", label: "Opens (empty: now)", defaultIso: assignment.opensAt.toISOString() },
            { kind: "datetime", name: "dueAt", label: "Due", required: true, defaultIso: assignment.dueAt.toISOString() },
            { kind: "datetime", name: "closesAt", label: "Closes (empty: never)", defaultIso: assignment.closesAt?.toISOString() ?? null },
            { kind: "number", name: "attemptsAllowed", label: "Attempts allowed", min: 1, max: 100, hint: "empty: unlimited", defaultValue: assignment.attemptsAllowed ?? undefined },
            { kind: "number", name: "timeLimitMinutes", label: "Time limit in minutes", min: 1, max: 600, hint: "empty: none", defaultValue: assignment.timeLimitSeconds ? assignment.timeLimitSeconds / 60 : undefined },
            ...(assignment.quizId || assignment.labSlug
              ? [
                  {
                    kind: "select" as const,
                    name: "gradingMethod",
                    label: "Grade from",
                    options: [{ value: "best", label: "The best attempt" }, { value: "last", label: "The last attempt" }, { value: "average", label: "The average of all attempts" }],
                    defaultValue: assignment.gradingMethod,
                  },
                  { kind: "number" as const, name: "passMarkPercent", label: "Pass mark in percent", min: 0, max: 100, hint: "empty: the quiz's own", defaultValue: assignment.passMark === null ? undefined : Math.round(assignment.passMark * 100) },
                  ...reviewOptionFields(review),
                ]
              : []),
          ]}
        />
        <p className="muted">Open attempts keep the deadline they started with. The quiz or lessons cannot change: delete and recreate for that.</p>
      </details>
      <ActionButton action={`/api/assignments/${assignment.id}`} method="DELETE" label="Delete assignment" secondary confirm="Delete this assignment? Learners' attempts are kept." />

      {regrade?.ok && (
        <section aria-label="Regrade">
          <h2>Regrade</h2>
          {regrade.rows.length === 0 ? (
            <p data-testid="regrade-none">All {plural(regrade.attempts, "submitted attempt")} match the current answer keys: nothing to regrade.</p>
          ) : (
            <>
              <p data-testid="regrade-preview">
                The quiz&apos;s keys changed since {regrade.rows.length} of {plural(regrade.attempts, "submitted attempt")} were graded. A regrade would change (overrides you set by hand are kept):
              </p>
              <table tabIndex={0} aria-label="Regrade preview">
                <thead><tr><th scope="col">Learner</th><th scope="col">Score now</th><th scope="col">After regrade</th><th scope="col">Questions</th></tr></thead>
                <tbody>
                  {regrade.rows.map((r) => (
                    <tr key={r.attemptId}>
                      <td><Link href={`/teach/cohorts/${cohortId}/attempts/${r.attemptId}`}>{who.get(r.userId) ?? r.userId}</Link></td>
                      <td>{formatScore(r.oldScore, r.maxScore)}</td>
                      <td>{formatScore(r.newScore, r.maxScore)}</td>
                      <td>{r.changes.map((c) => `${c.questionId}: ${c.oldPoints ?? "–"} → ${c.newPoints}`).join("; ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <ActionButton action={`/api/assignments/${assignment.id}/regrade`} label="Apply the regrade" body={{}} confirm="Regrade these attempts? Each change is recorded in the gradebook." />
            </>
          )}
        </section>
      )}

      <h2>Accommodations</h2>
      {overrides.length === 0 ? <p>None.</p> : (
        <ul>
          {overrides.map((o) => (
            <li key={o.id}>
              {o.user.name ?? o.user.email}: {o.extraTimeSeconds ? `+${o.extraTimeSeconds / 60} min` : ""} {o.extraAttempts ? `+${plural(o.extraAttempts, "attempt")}` : ""} {o.dueAt ? <>due <LocalTime iso={o.dueAt.toISOString()} /></> : ""}{" "}
              <ActionButton action={`/api/assignments/${assignment.id}/overrides/${o.userId}`} method="DELETE" label="Remove" secondary />
            </li>
          ))}
        </ul>
      )}
      {learners.length > 0 && (
        <details>
          <summary>Add or change an accommodation</summary>
          <ApiForm
            label="Accommodation"
            method="PUT"
            action={`/api/assignments/${assignment.id}/overrides`}
            submitLabel="Save accommodation"
            fields={[
              { kind: "select", name: "userId", label: "Learner", options: learners.map((m) => ({ value: m.user.id, label: m.user.name ? `${m.user.name} (${m.user.email})` : m.user.email })) },
              { kind: "number", name: "extraTimeMinutes", label: "Extra time in minutes", min: 0, max: 600, defaultValue: 0 },
              { kind: "number", name: "extraAttempts", label: "Extra attempts", min: 0, max: 100, defaultValue: 0 },
              { kind: "datetime", name: "dueAt", label: "Later due date (optional)" },
            ]}
          />
        </details>
      )}

      {analysis && (
        <>
          <h2>Item analysis</h2>
          <p className="muted">
            Over each learner&apos;s first submitted attempt ({analysis.attemptsAnalysed} so far). Facility: mean score on the question (1 = everyone right).
            Discrimination: facility in the top 27% of total scores minus the bottom 27% (Kelley); below 0.2 deserves a look, negative means strong learners miss it.
          </p>
          {analysis.attemptsAnalysed > 0 && analysis.attemptsAnalysed < MIN_RELIABLE_ATTEMPTS && (
            <p className="callout warning" data-testid="unreliable">
              Only {plural(analysis.attemptsAnalysed, "attempt")}: facility and discrimination are unreliable below {MIN_RELIABLE_ATTEMPTS} attempts
              (with two learners, discrimination can only be −1, 0 or +1). Read them as anecdotes, not as verdicts on the questions.
            </p>
          )}
          {analysis.attemptsAnalysed === 0 ? <p>No submitted attempts yet.</p> : (
            <table tabIndex={0} className={styles.grid} aria-label="Item analysis">
              <thead>
                <tr><th scope="col">#</th><th scope="col">Question</th><th scope="col">Facility</th><th scope="col">Discrimination</th><th scope="col">Most-chosen wrong answers</th></tr>
              </thead>
              <tbody>
                {analysis.rows.map((r, i) => (
                  <tr key={r.questionId} data-question-id={r.questionId}>
                    <td>{i + 1}</td>
                    <td><InlineText text={r.prompt} /><div className="muted">{topicTitle(r.topic)} · {r.type} · answer: {r.correctAnswer}</div></td>
                    <td className={styles.num}><span className={styles.heat} style={{ background: heat(r.facility) }} data-testid="facility">{r.facility === null ? "–" : `${percent(r.facility)}%`}</span></td>
                    <td className={styles.num} data-testid="discrimination">
                      {fmt(r.discrimination)}
                      {!r.reliable && r.discrimination !== null && <div className="muted">unreliable: {plural(r.attempts, "attempt")}</div>}
                    </td>
                    <td>
                      {r.unanswered > 0 && <div className="muted">{r.unanswered} left it blank</div>}
                      {r.wrongAnswers.length === 0 ? <span className="muted">none</span> : (
                        <ul>{r.wrongAnswers.map((w) => <li key={w.label}>{w.label} <span className="muted">({w.count}, {percent(w.share)}%)</span></li>)}</ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {analysis.rows.some((r) => r.hopHeatmap) && <h3>Path questions: where learners leave the right path</h3>}
          {analysis.rows.map((r) =>
            r.hopHeatmap ? (
              <details key={r.questionId} open data-question-id={r.questionId}>
                <summary><InlineText text={r.prompt} /></summary>
                <HopHeatmap heatmap={r.hopHeatmap} questionId={r.questionId} />
              </details>
            ) : null,
          )}
        </>
      )}
    </>
  );
}
