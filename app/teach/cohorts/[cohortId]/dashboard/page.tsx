import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BarChart, ProgressChart } from "@/components/teach/charts";
import { requireRole } from "@/lib/auth.server";
import { getCohortDashboard } from "@/lib/cohort-dashboard.server";
import { db } from "@/lib/db.server";
import { plural } from "@/lib/text/plural";

export const metadata: Metadata = { title: "Cohort dashboard" };
type Props = { params: Promise<{ cohortId: string }> };

export default async function CohortDashboardPage({ params }: Props) {
  const { cohortId } = await params;
  const user = await requireRole(`/teach/cohorts/${cohortId}/dashboard`, ["instructor", "admin"]);
  const data = await getCohortDashboard(db, user, cohortId);
  if (!data) notFound();
  return (
    <>
      <p><Link href={`/teach/cohorts/${cohortId}`}>← {data.cohort.name}</Link> · <Link href={`/teach/cohorts/${cohortId}/gradebook`}>Gradebook</Link></p>
      <h1>Dashboard</h1>
      <p className="muted">{plural(data.learnerCount, "learner")}.</p>
      <h2>Progress over time</h2>
      <ProgressChart title="Progress by week" weeks={data.weeks} />
      <h2>Mastery per topic</h2>
      {data.topics.length === 0 ? <p>No graded answers yet.</p> : (
        <>
          <p className="muted">Mean score of each learner&apos;s latest answer to each question of the topic, weakest first.</p>
          <BarChart title="Mastery per topic" bars={data.topics} />
        </>
      )}
      <h2>Lesson completion</h2>
      <BarChart title="Lesson completion" bars={data.lessons} weakBelow={0} />
    </>
  );
}
