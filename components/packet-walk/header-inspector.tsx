import { diffHeaderStacks, type Header } from "@/lib/packet-walk/browser";
import styles from "./packet-walk.module.css";

const HEADER_NAMES: Record<Header["type"], string> = { eth: "Ethernet", ip: "IPv4", udp: "UDP", tcp: "TCP", icmp: "ICMP", vxlan: "VXLAN" };

interface StackProps {
  readonly previous: readonly Header[] | undefined;
  readonly current: readonly Header[];
}

/** The header stack of one hop, outermost first, with what changed since the previous hop marked in text and colour. */
export function HeaderInspector({ previous, current, labelledBy }: StackProps & { labelledBy?: string }) {
  return (
    <div className={styles.inspector} data-testid="header-inspector" role="region" tabIndex={0} {...(labelledBy ? { "aria-labelledby": labelledBy } : { "aria-label": "Headers" })}>
      <HeaderStack previous={previous} current={current} />
    </div>
  );
}

/** The inspector's content alone (the diagram also draws it, hidden, for every other hop to size the panel). */
export function HeaderStack({ previous, current }: StackProps) {
  const diff = diffHeaderStacks(previous, current);
  return (
    <>
      <ol className={styles.stack}>
        {diff.entries.map((e, i) => (
          <li key={i} className={[styles.header, styles[`header-${e.status}`]].filter(Boolean).join(" ")} data-header={e.header.type} data-status={e.status}>
            <span className={styles.headerName}>
              {HEADER_NAMES[e.header.type]}
              {e.status === "added" && <span className={styles.tag}>new here</span>}
              {e.status === "changed" && <span className={styles.tag}>changed</span>}
            </span>
            <dl className={styles.fields}>
              {e.fields.map((f) => (
                <div key={f.name} className={f.changed ? styles.fieldChanged : undefined} data-field={f.name} data-changed={f.changed ? "true" : undefined}>
                  <dt>{f.name}</dt>
                  <dd>
                    {f.value}
                    {f.changed && <span className={styles.changedMark}> (changed)</span>}
                  </dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ol>
      {diff.removed.length > 0 && (
        <p className={styles.removed} data-testid="removed-headers">
          Removed since the previous hop: {diff.removed.map((h) => HEADER_NAMES[h.type]).join(", ")}
        </p>
      )}
    </>
  );
}
