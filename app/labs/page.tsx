import type { Metadata } from "next";
import Link from "next/link";
import styles from "@/components/labs/labs.module.css";
import { getLesson } from "@/lib/content/lessons.server";
import { LABS, publicLab } from "@/lib/labs";

export const metadata: Metadata = {
  title: "Troubleshooting labs",
  description: "Broken clusters to investigate with ip, bridge, iptables and kubectl in the browser, fix, and be graded on the fixed state.",
};

/**
 * The lab catalogue, prerendered. It shows each lab's story and what it practises, never
 * its fault: a lab's answer is on the server only.
 */
export default function LabCatalogue() {
  const labs = LABS.map(publicLab);
  return (
    <>
      <h1>Troubleshooting labs</h1>
      <p className="muted">
        Each lab hands you a cluster where a packet does not arrive. Open a shell on any node or pod, find what is wrong with <code>ip</code>,{" "}
        <code>bridge</code>, <code>iptables-save</code>, <code>tcpdump</code> and <code>kubectl</code>, fix it, and say where the fault was. The grade
        comes from the state your commands leave.
      </p>
      <ul className={styles.catalogue} aria-label="Labs" data-testid="lab-catalogue">
        {labs.map((lab) => (
          <li key={lab.slug} data-lab={lab.slug}>
            <h2>
              <Link href={`/labs/${lab.slug}`}>{lab.title}</Link>
            </h2>
            <p>{lab.story}</p>
            <p className={styles.meta}>
              {lab.scenarioLabel} · {lab.difficulty}
              {lab.lessons.length > 0 && " · practises "}
              {lab.lessons.map((slug, i) => {
                const lesson = getLesson(slug);
                return (
                  <span key={slug}>
                    {i > 0 && ", "}
                    <Link href={`/lessons/${slug}`}>{lesson?.title ?? slug}</Link>
                  </span>
                );
              })}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
