"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { LabTerminal, type LoggedCommand, type TerminalTarget } from "./lab-terminal";
import styles from "./labs.module.css";

/** How the diagnosis form names each table a fault can be in. */
export const DIAGNOSIS_TABLE_LABELS: Readonly<Record<string, string>> = {
  route: "routing table (ip route)",
  neigh: "neighbour / ARP table (ip neigh)",
  fdb: "forwarding database (bridge fdb)",
  link: "a device's settings (ip link: MTU, VNI, port, state)",
  sysctl: "a kernel setting (sysctl)",
  iptables: "iptables rules (iptables-save)",
  service: "a Service or its endpoints (kubectl)",
  networkpolicy: "a NetworkPolicy (kubectl)",
  flanneld: "the flanneld daemon (systemctl)",
  underlay: "the network between the nodes (underlay)",
};

interface Grade {
  error?: string;
  fieldErrors?: Record<string, string>;
}

/**
 * The open attempt: the terminal, hints and the diagnosis form. Submitting sends only the
 * diagnosis; the server grades the state the logged commands left and the page reloads with
 * the result.
 */
export function LabWorkspace({
  attemptId,
  targets,
  initialTarget,
  nodes,
  tables,
  initialHints,
  log,
}: {
  attemptId: string;
  targets: readonly TerminalTarget[];
  initialTarget: TerminalTarget;
  nodes: readonly string[];
  tables: readonly string[];
  initialHints: readonly string[];
  log: readonly LoggedCommand[];
}) {
  const router = useRouter();
  const [hints, setHints] = useState<readonly string[]>(initialHints);
  const [hintNote, setHintNote] = useState<string | null>(null);
  const [hintBusy, setHintBusy] = useState(false);
  const [node, setNode] = useState("");
  const [table, setTable] = useState("");
  const [entry, setEntry] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [fixes, setFixes] = useState(0);

  async function askHint() {
    setHintBusy(true);
    setHintNote(null);
    try {
      const res = await fetch(`/api/lab-attempts/${attemptId}/hint`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      const data = (await res.json()) as { hint?: string | null; error?: string };
      if (!res.ok) setHintNote(data.error ?? `The server answered ${res.status}.`);
      else if (data.hint) setHints((h) => [...h, data.hint as string]);
      else setHintNote("No more hints: everything the hints would point you to, you have already looked at.");
    } catch {
      setHintNote("The server could not be reached.");
    } finally {
      setHintBusy(false);
    }
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      const res = await fetch(`/api/lab-attempts/${attemptId}/submit`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ diagnosis: { node, table, entry } }),
      });
      const data = (await res.json()) as Grade;
      if (!res.ok) {
        setError(data.error ?? `The server answered ${res.status}.`);
        const fe: Record<string, string> = {};
        for (const [k, v] of Object.entries(data.fieldErrors ?? {})) fe[k.replace(/^diagnosis\./, "")] = v;
        setFieldErrors(fe);
        setBusy(false);
        return;
      }
      router.refresh();
    } catch {
      setError("The server could not be reached; nothing was submitted.");
      setBusy(false);
    }
  }

  return (
    <div className={styles.layout}>
      <section aria-label="Terminal">
        <LabTerminal attemptId={attemptId} targets={targets} initialTarget={initialTarget} log={log} onCommand={(c) => c.changed && setFixes((n) => n + 1)} />
        <p className="muted" aria-live="polite">
          {fixes > 0 ? `${fixes} change${fixes === 1 ? "" : "s"} made in this session. ` : ""}
          Every command you run is logged; the grade comes from the state your commands leave.
        </p>
      </section>
      <aside className={styles.panel} aria-label="Hints and diagnosis">
        <section aria-labelledby="hints-heading">
          <h2 id="hints-heading">Hints</h2>
          {hints.map((h, i) => (
            <p key={i} className={styles.hint}>
              {h}
            </p>
          ))}
          <button type="button" onClick={() => void askHint()} disabled={hintBusy}>
            {hintBusy ? "Thinking…" : hints.length === 0 ? "Give me a hint" : "Another hint"}
          </button>
          {hintNote && <p role="status">{hintNote}</p>}
        </section>
        <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="diagnosis-heading">
          <h2 id="diagnosis-heading">Your diagnosis</h2>
          <fieldset>
            <legend>Where was the fault?</legend>
            <label htmlFor="lab-diagnosis-node">Node</label>
            <select id="lab-diagnosis-node" name="node" value={node} onChange={(e) => setNode(e.target.value)} aria-invalid={fieldErrors.node ? true : undefined}>
                <option value="">Pick a node…</option>
                {nodes.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            {fieldErrors.node && <span className="form-error">{fieldErrors.node}</span>}
            <label htmlFor="lab-diagnosis-table">Table</label>
            <select id="lab-diagnosis-table" name="table" value={table} onChange={(e) => setTable(e.target.value)} aria-invalid={fieldErrors.table ? true : undefined}>
                <option value="">Pick a table…</option>
                {tables.map((t) => (
                  <option key={t} value={t}>
                    {DIAGNOSIS_TABLE_LABELS[t] ?? t}
                  </option>
                ))}
              </select>
            {fieldErrors.table && <span className="form-error">{fieldErrors.table}</span>}
            <label htmlFor="lab-diagnosis-entry">Entry (a prefix, address, MAC, setting or name)</label>
            <input id="lab-diagnosis-entry" name="entry" value={entry} maxLength={200} onChange={(e) => setEntry(e.target.value)} placeholder="e.g. 192.168.7.0/24, 0a:58:0a:f4:01:01 or rp_filter" aria-invalid={fieldErrors.entry ? true : undefined} />
            {fieldErrors.entry && <span className="form-error">{fieldErrors.entry}</span>}
          </fieldset>
          <p className="muted">Fix it in the terminal first: the check runs the failing request again against the state you leave.</p>
          <button type="submit" disabled={busy}>
            {busy ? "Grading…" : "Submit for grading"}
          </button>
          {error && (
            <p role="alert" className="form-error">
              {error}
            </p>
          )}
        </form>
      </aside>
    </div>
  );
}
