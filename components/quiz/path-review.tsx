import { TopologyDiagram } from "@/components/packet-walk/topology-diagram";
import type { ClusterTopology } from "@/lib/packet-walk/browser";
import { describeDeviceKey } from "@/lib/quiz/path-scenario";
import styles from "./quiz.module.css";

/** The first step (0-based) where the learner's devices differ from the right ones, or null when they agree. */
export function firstDivergence(picked: readonly string[], correct: readonly string[]): number | null {
  const n = Math.max(picked.length, correct.length);
  for (let i = 0; i < n; i++) if (picked[i] !== correct[i]) return i;
  return null;
}

/**
 * After submission: the learner's clicked devices and the engine's path on two copies of
 * the shared cluster diagram, with both lists as text (the drawings are not the only
 * record). Server-rendered; the right path may be shown because the attempt is submitted.
 */
export function PathReview({ topology, picked, correct, idPrefix }: { topology: ClusterTopology; picked: readonly string[]; correct: readonly string[]; idPrefix: string }) {
  const diverges = firstDivergence(picked, correct);
  const include = [...new Set([...picked, ...correct])];
  const wrongPick = diverges !== null ? picked[diverges] : undefined;
  const list = (keys: readonly string[], testId: string) =>
    keys.length === 0 ? (
      <p className="muted">No devices picked.</p>
    ) : (
      <ol className={styles.pathList} data-testid={testId}>
        {keys.map((k, i) => (
          <li key={`${k}-${i}`}>
            {describeDeviceKey(k)}
            {diverges !== null && i === diverges && testId === "path-yours" ? " (first difference)" : ""}
          </li>
        ))}
      </ol>
    );
  if (diverges === null) {
    return (
      <figure className={styles.reviewFigure}>
        <figcaption>
          <strong>Your path</strong> is the right path (the packet-walk engine&apos;s walk of this cluster).
        </figcaption>
        <div className={styles.diagramScroll}>
          <TopologyDiagram topology={topology} includeDeviceIds={include} title="Your path, the right path" description="The devices you picked, numbered in order; they are the ones the packet crosses. The list below says the same." idPrefix={`${idPrefix}-both`} selectedDeviceIds={correct} />
        </div>
        {list(correct, "path-right")}
      </figure>
    );
  }
  return (
    <div className={styles.pathReview}>
      <figure className={styles.reviewFigure}>
        <figcaption>
          <strong>Your path</strong> differs from step {diverges + 1}.
        </figcaption>
        <div className={styles.diagramScroll}>
          <TopologyDiagram
            topology={topology}
            includeDeviceIds={include}
            title="Your path"
            description={`The devices you picked, numbered in your order; step ${diverges + 1} is the first that differs. The list below says the same.`}
            idPrefix={`${idPrefix}-yours`}
            selectedDeviceIds={picked}
            {...(wrongPick ? { highlightedDeviceId: wrongPick, highlightLabel: `step ${diverges! + 1}`, dropped: true } : {})}
          />
        </div>
        {list(picked, "path-yours")}
      </figure>
      <figure className={styles.reviewFigure}>
        <figcaption>
          <strong>Right path</strong> (the packet-walk engine&apos;s walk of this cluster)
        </figcaption>
        <div className={styles.diagramScroll}>
          <TopologyDiagram
            topology={topology}
            includeDeviceIds={include}
            title="Right path"
            description="The devices the packet crosses, numbered in order. The list below says the same."
            idPrefix={`${idPrefix}-right`}
            selectedDeviceIds={correct}
          />
        </div>
        {list(correct, "path-right")}
      </figure>
    </div>
  );
}
