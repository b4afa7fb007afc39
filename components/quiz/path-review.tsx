import type { ReactNode } from "react";
import { TopologyDiagram, type TopologyDiagramProps } from "@/components/packet-walk/topology-diagram";
import { DiagramViewport } from "@/components/packet-walk/diagram-viewport";
import { layoutTopology } from "@/lib/packet-walk/browser";
import type { ClusterTopology } from "@/lib/packet-walk/browser";
import { describeDeviceKey } from "@/lib/quiz/path-scenario";
import styles from "./quiz.module.css";

/** The first step (0-based) where the learner's devices differ from the right ones, or null when they agree. */
export function firstDivergence(picked: readonly string[], correct: readonly string[]): number | null {
  const n = Math.max(picked.length, correct.length);
  for (let i = 0; i < n; i++) if (picked[i] !== correct[i]) return i;
  return null;
}

/** One path on the diagram (numbered badges) with the same path as an ordered list below it. */
function PathFigure({ caption, path, testId, markStep, diagram }: { caption: ReactNode; path: readonly string[]; testId: string; markStep?: number; diagram: TopologyDiagramProps }) {
  const layout = diagram.layout ?? layoutTopology(diagram.topology, diagram.includeDeviceIds ? { includeDeviceIds: diagram.includeDeviceIds } : {});
  return (
    <figure className={styles.reviewFigure}>
      <figcaption>{caption}</figcaption>
      <DiagramViewport width={layout.width} height={layout.height} label={diagram.title}>
        <TopologyDiagram {...diagram} layout={layout} selectedDeviceIds={path} />
      </DiagramViewport>
      {path.length === 0 ? (
        <p className="muted">No devices picked.</p>
      ) : (
        <ol className={styles.pathList} data-testid={testId}>
          {path.map((k, i) => (
            <li key={`${k}-${i}`}>
              {describeDeviceKey(k)}
              {i === markStep ? " (first difference)" : ""}
            </li>
          ))}
        </ol>
      )}
    </figure>
  );
}

/**
 * After submission: the learner's clicked devices and the engine's path on the shared
 * cluster diagram (one drawing when they agree, two when not), each also as a list, so the
 * drawing is not the only record. Server-rendered; the attempt is submitted, so the right
 * path may be shown.
 */
export function PathReview({ topology, picked, correct, idPrefix }: { topology: ClusterTopology; picked: readonly string[]; correct: readonly string[]; idPrefix: string }) {
  const diverges = firstDivergence(picked, correct);
  const base = { topology, includeDeviceIds: [...new Set([...picked, ...correct])] };
  const rightDescription = "The devices the packet crosses, numbered in order. The list below says the same.";
  if (diverges === null) {
    return (
      <PathFigure
        caption={<><strong>Your path</strong> is the right path (the packet-walk engine&apos;s walk of this cluster).</>}
        path={correct}
        testId="path-right"
        diagram={{ ...base, title: "Your path, the right path", description: rightDescription, idPrefix: `${idPrefix}-both` }}
      />
    );
  }
  const wrongPick = picked[diverges];
  return (
    <div className={styles.pathReview}>
      <PathFigure
        caption={<><strong>Your path</strong> differs from step {diverges + 1}.</>}
        path={picked}
        testId="path-yours"
        markStep={diverges}
        diagram={{
          ...base,
          title: "Your path",
          description: `The devices you picked, numbered in your order; step ${diverges + 1} is the first that differs. The list below says the same.`,
          idPrefix: `${idPrefix}-yours`,
          ...(wrongPick ? { highlightedDeviceId: wrongPick, highlightLabel: `step ${diverges + 1}`, dropped: true } : {}),
        }}
      />
      <PathFigure
        caption={<><strong>Right path</strong> (the packet-walk engine&apos;s walk of this cluster)</>}
        path={correct}
        testId="path-right"
        diagram={{ ...base, title: "Right path", description: rightDescription, idPrefix: `${idPrefix}-right` }}
      />
    </div>
  );
}
