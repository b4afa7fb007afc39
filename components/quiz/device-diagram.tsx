"use client";
import type { PathDiagram } from "@/lib/quiz/path-scenario";
import styles from "./quiz.module.css";

/**
 * A clickable view of a generated cluster: nodes, namespaces and their devices as buttons,
 * each identified by its packet-walk device key (`node/netns/device`). Kept to this small
 * contract (diagram in, `onSelect(key)` out, `selected` keys shown with their step number)
 * so the shared live diagram of components/packet-walk can replace it later.
 */
export function DeviceDiagram({
  diagram,
  selected,
  onSelect,
  disabled = false,
  label,
}: {
  diagram: PathDiagram;
  selected: readonly string[];
  onSelect: (deviceKey: string) => void;
  disabled?: boolean;
  label: string;
}) {
  return (
    <div className={styles.diagram} role="group" aria-label={label}>
      {diagram.nodes.map((node) => (
        <div className={styles.node} key={node.name}>
          <p className={styles.nodeTitle}>{node.label}</p>
          {node.namespaces.map((ns) => (
            <div className={styles.namespace} key={ns.label}>
              <p className={styles.namespaceTitle}>{ns.label}</p>
              <div className={styles.devices}>
                {ns.devices.map((d) => {
                  const step = selected.indexOf(d.key);
                  return (
                    <button
                      type="button"
                      key={d.key}
                      className={styles.device}
                      data-device-key={d.key}
                      aria-pressed={step >= 0}
                      aria-label={`${d.name} in ${node.name} ${ns.label}${step >= 0 ? `, step ${step + 1}` : ""}`}
                      disabled={disabled}
                      onClick={() => onSelect(d.key)}
                    >
                      {step >= 0 && <span className={styles.step}>{step + 1}</span>}
                      <span>{d.name}</span>
                      {d.addresses.length > 0 && <small>{d.addresses.join(", ")}</small>}
                      {d.mtu !== null && <small>mtu {d.mtu}</small>}
                    </button>
                  );
                })}
              </div>
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
