import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import styles from "@/components/labs/labs.module.css";
import { StartAttemptButton } from "@/components/quiz/start-attempt-button";
import { getLesson } from "@/lib/content/lessons.server";
import { getLab, LABS, publicLab, terminalLabel } from "@/lib/labs";

type Props = { params: Promise<{ slug: string }> };

export const dynamicParams = false;

export function generateStaticParams() {
  return LABS.map((lab) => ({ slug: lab.slug }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const lab = getLab((await params).slug);
  return lab ? { title: lab.title, description: lab.story } : {};
}

/** A lab's brief, prerendered: the story, what it practises, and the start button. */
export default async function LabPage({ params }: Props) {
  const lab = getLab((await params).slug);
  if (!lab) notFound();
  const view = publicLab(lab);
  return (
    <div style={{ maxWidth: "56rem" }}>
      <p className="muted">
        <Link href="/labs">Troubleshooting labs</Link> · {view.scenarioLabel} · {view.difficulty}
      </p>
      <h1>{view.title}</h1>
      <p className={styles.story}>{view.story}</p>
      <h2>What you get</h2>
      <ul>
        <li>
          A shell on {view.terminals.map(terminalLabel).join(", ")}: <code>ip addr|link|route|neigh</code>, <code>ip route get</code>,{" "}
          <code>bridge fdb show</code>, <code>iptables-save</code>, <code>conntrack -L</code>, <code>sysctl</code>, <code>ping</code>,{" "}
          <code>traceroute</code>, <code>tcpdump -ni DEV</code> and, on the nodes, <code>kubectl</code>. Type <code>help</code> in the terminal for
          the full list.
        </li>
        <li>Hints chosen from what you have not looked at yet.</li>
        <li>
          A grade from the state your commands leave: the failing request must get through, nothing else may break, and your diagnosis names the
          node, the table and the entry.
        </li>
      </ul>
      {view.lessons.length > 0 && (
        <>
          <h2>Practises</h2>
          <ul>
            {view.lessons.map((slug) => (
              <li key={slug}>
                <Link href={`/lessons/${slug}`}>{getLesson(slug)?.title ?? slug}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
      <StartAttemptButton action={`/api/labs/${view.slug}/attempts`} signInReturnTo={`/labs/${view.slug}`} label="Start the lab" />
    </div>
  );
}
