"use client";

import { useEffect, useId, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent } from "react";
import {
  HOP_ACTION_LABELS,
  TABLE_ENTRY_LABELS,
  compareWalkModes,
  destinationEndpoints,
  deviceKey,
  describeTopology,
  dropSummary,
  findEndpoint,
  getScenario,
  labFileName,
  labHopCommand,
  labProbe,
  layoutTopology,
  scenarioLabel,
  sourceEndpoints,
  translateSpec,
  walkPacket,
  walkReply,
  type PacketSpec,
  type WalkEndpoint,
  type WalkProtocol,
} from "@/lib/packet-walk/browser";
import { HeaderInspector, HeaderStack } from "./header-inspector";
import { HopTable } from "./hop-table";
import { TopologyDiagram } from "./topology-diagram";
import { DiagramViewport } from "./diagram-viewport";
import styles from "./packet-walk.module.css";
import { InlineText } from "@/components/inline-text";
import { plainInlineText } from "@/lib/text/inline-code";

/** Props of the interactive packet walk (what `<PacketWalk>` in MDX passes through). */
export interface PacketWalkDiagramProps {
  /** Scenario id (`listScenarios()`), e.g. "seed-flannel-vxlan"; learners see `scenarioLabel(id)`. */
  readonly scenario: string;
  readonly from: string;
  readonly to: string;
  readonly protocol?: WalkProtocol;
  readonly port?: number;
  /** Scenarios the learner may switch between (the first mode shown is `scenario`); omit for no switcher. */
  readonly modes?: readonly string[];
  /** Hop index to open at (default 0). */
  readonly startHop?: number;
  /** false hides play/step/speed and the pickers (the hop list still selects hops). */
  readonly controls?: boolean;
  /** false hides the source/destination pickers and the reply toggle. */
  readonly pickers?: boolean;
  /** Start on the return path. */
  readonly reply?: boolean;
}

const SPEEDS = [
  { label: "0.5×", ms: 1800 },
  { label: "1×", ms: 900 },
  { label: "2×", ms: 450 },
  { label: "4×", ms: 225 },
] as const;

function specOf(props: PacketWalkDiagramProps): PacketSpec {
  return { from: props.from, to: props.to, ...(props.protocol ? { protocol: props.protocol } : {}), ...(props.port !== undefined ? { port: props.port } : {}) };
}

/** A source or destination select; `fallback` is shown when the lesson's address is not one of the choices. */
function EndpointPicker(props: { label: string; endpoints: readonly WalkEndpoint[]; current: WalkEndpoint | undefined; fallback: string; onPick: (next: WalkEndpoint) => void }) {
  return (
    <label>
      {props.label}{" "}
      <select
        value={props.current?.id ?? ""}
        onChange={(e) => {
          const next = props.endpoints.find((x) => x.id === e.target.value);
          if (next) props.onPick(next);
        }}
      >
        {!props.current && <option value="">{props.fallback}</option>}
        {props.endpoints.map((x) => (
          <option key={x.id} value={x.id}>
            {x.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function canWalk(cluster: ReturnType<typeof getScenario>, spec: PacketSpec): boolean {
  try {
    walkPacket(cluster, spec);
    return true;
  } catch {
    return false;
  }
}

type Hop = ReturnType<typeof walkPacket>["hops"][number];

/** What happens at one hop, in words; test ids only on the current hop's (the others are hidden sizers). */
function HopExplanation({ hop, lab, current = false }: { hop: Hop; lab: string | undefined; current?: boolean }) {
  const isDrop = hop.action === "drop";
  const id = (name: string) => (current ? { "data-testid": name } : {});
  return (
    <>
      <p className={isDrop ? styles.dropText : undefined}>
        <strong>{isDrop ? "✕ Dropped: " : `${HOP_ACTION_LABELS[hop.action]}: `}</strong>
        <span {...id("hop-detail")}><InlineText text={hop.detail} /></span>
      </p>
      {hop.entry && (
        <p>
          <span className={styles.muted}>Decided by {TABLE_ENTRY_LABELS[hop.entry.kind]}: </span>
          <code {...id("hop-entry")}>{hop.entry.text}</code>
        </p>
      )}
      {hop.command && (
        <p>
          <span className={styles.muted}>See it on a real node: </span>
          <code {...id("hop-command")}>{hop.command}</code>
        </p>
      )}
      {lab && (
        <p>
          <span className={styles.muted}>In the lab (as root): </span>
          <code {...id("hop-lab-command")}>{lab}</code>
        </p>
      )}
      <p className={styles.muted} {...id("hop-size")}>
        {hop.size.ipBytes} bytes IP{hop.size.mtu !== null ? ` / MTU ${hop.size.mtu}` : ""}, {hop.size.wireBytes} on the wire{hop.size.exceedsMtu ? " (exceeds the MTU)" : ""}
      </p>
    </>
  );
}

/** The spec after picking destination `next`: a Service/NodePort brings its protocol and port; leaving one drops them. */
function destinationSpec(spec: PacketSpec, next: WalkEndpoint, previous: WalkEndpoint | undefined): PacketSpec {
  const base: PacketSpec = { from: spec.from, to: next.address };
  if (next.protocol) return { ...base, protocol: next.protocol, ...(next.port !== undefined ? { port: next.port } : {}) };
  if (previous?.protocol) return base;
  return { ...base, ...(spec.protocol ? { protocol: spec.protocol } : {}), ...(spec.port !== undefined ? { port: spec.port } : {}) };
}

/**
 * A packet walk the learner can play, step and re-walk: the engine runs here,
 * in the browser, on every change of mode, endpoints or direction.
 */
export function PacketWalkDiagram(props: PacketWalkDiagramProps) {
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const modes = props.modes && props.modes.length > 0 ? props.modes : [props.scenario];
  const [scenario, setScenario] = useState(props.scenario);
  const [spec, setSpec] = useState<PacketSpec>(() => specOf(props));
  const [reply, setReply] = useState(props.reply ?? false);
  const [hopIndex, setHopIndex] = useState(props.startHop ?? 0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const showControls = props.controls !== false;
  const showPickers = showControls && props.pickers !== false;

  const cluster = useMemo(() => getScenario(scenario), [scenario]);
  const topology = useMemo(() => describeTopology(cluster), [cluster]);
  const walked = useMemo(() => {
    const forward = walkPacket(cluster, spec);
    if (!reply) return { walk: forward, replyUnavailable: false };
    if (!forward.delivered) return { walk: forward, replyUnavailable: true };
    return { walk: walkReply(cluster, forward), replyUnavailable: false };
  }, [cluster, spec, reply]);
  const walk = walked.walk;
  const hops = walk.hops;
  const index = Math.min(hopIndex, hops.length - 1);
  const hop = hops[index]!;
  const layout = useMemo(() => layoutTopology(topology, { includeDeviceIds: hops.map((h) => deviceKey(h.location)) }), [topology, hops]);
  const modesKey = modes.join(",");
  const comparison = useMemo(() => (modesKey.includes(",") ? compareWalkModes(scenario, spec, modesKey.split(",")) : []), [modesKey, scenario, spec]);
  const sources = useMemo(() => sourceEndpoints(cluster), [cluster]);
  const destinations = useMemo(() => destinationEndpoints(cluster), [cluster]);
  const fromEndpoint = findEndpoint(sources, cluster, spec.from);
  const toEndpoint = findEndpoint(destinations, cluster, spec.to, spec.port);

  useEffect(() => {
    if (!playing) return;
    const t = setTimeout(() => {
      setHopIndex(index + 1);
      if (index + 1 >= hops.length - 1) setPlaying(false);
    }, SPEEDS[speed]!.ms);
    return () => clearTimeout(t);
  }, [playing, index, hops.length, speed]);

  // Keep the current hop visible inside the scrolling hop list (the list scrolls, never the page).
  const hopListRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const list = hopListRef.current;
    const item = list?.children[index] as HTMLElement | undefined;
    if (!list || !item) return;
    const top = item.offsetTop;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + item.offsetHeight > list.scrollTop + list.clientHeight) list.scrollTop = top + item.offsetHeight - list.clientHeight;
  }, [index, hops]);

  // The hop list is one tab stop (a roving tabindex): arrows, Home and End move between hops,
  // and when they were pressed on a hop button, focus follows the current hop.
  const focusCurrentHop = useRef(false);
  useEffect(() => {
    if (!focusCurrentHop.current) return;
    focusCurrentHop.current = false;
    (hopListRef.current?.children[index]?.querySelector("button") as HTMLButtonElement | null)?.focus();
  }, [index]);

  const go = (i: number) => setHopIndex(Math.max(0, Math.min(hops.length - 1, i)));
  const restartWith = (next: () => void) => {
    next();
    setHopIndex(0);
    setPlaying(false);
  };
  const switchMode = (name: string) =>
    restartWith(() => {
      const target = getScenario(name);
      const carried = translateSpec(cluster, target, spec);
      // A destination that exists only in this mode's cluster (node3 in CrossSubnet) cannot be
      // carried over: the other mode starts again from the lesson's own flow.
      setSpec(canWalk(target, carried) ? carried : translateSpec(getScenario(props.scenario), target, specOf(props)));
      setScenario(name);
    });
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const tag = (e.target as HTMLElement).tagName;
    if (tag === "SELECT" || tag === "INPUT") return;
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowDown: index + 1, ArrowLeft: index - 1, ArrowUp: index - 1, Home: 0, End: hops.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      setPlaying(false);
      focusCurrentHop.current = hopListRef.current?.contains(e.target as Node) ?? false;
      go(moves[e.key]!);
    }
  };

  // Hidden copies of every hop's panels (the current one included), built once per walk, not per step.
  const sizers = useMemo(
    () => ({
      explanations: hops.map((h) => <div key={h.id} className={`${styles.explain} ${styles.sizer}`} aria-hidden="true"><HopExplanation hop={h} lab={labHopCommand(cluster, h)} /></div>),
      headers: hops.map((h, i) => <div key={h.id} className={`${styles.inspector} ${styles.sizer}`} aria-hidden="true"><HeaderStack previous={i > 0 ? hops[i - 1]!.headers : undefined} current={h.headers} /></div>),
    }),
    [hops, cluster],
  );

  const isDrop = hop.action === "drop";
  // Landmark and region names must be unique on a page that shows several diagrams (axe
  // landmark-unique), so each carries the flow it shows.
  const flowName = `${walk.source.ip} → ${walk.initial.dst}, ${scenarioLabel(scenario)}`;
  const where = `${hop.location.node} ${hop.location.netns === "host" ? "root netns" : hop.location.netns.replace(/^pod:/, "pod ")} ${hop.location.device}`;
  const status = `Hop ${index + 1} of ${hops.length}: ${HOP_ACTION_LABELS[hop.action]} at ${where}. ${plainInlineText(hop.detail)}`;
  const outcome = walk.delivered
    ? `delivered to ${walk.final?.location.node} ${walk.final?.location.netns} ${walk.final?.location.device}`
    : dropSummary(walk);

  return (
    <div className={styles.root} onKeyDown={onKeyDown} data-testid="packet-walk-diagram" data-scenario={scenario} data-hop-index={index} style={{ "--pw-move-ms": `${Math.min(350, SPEEDS[speed]!.ms / 2)}ms` } as CSSProperties}>
      {modes.length > 1 && (
        <fieldset className={styles.modes}>
          <legend>Dataplane</legend>
          {modes.map((m) => (
            <label key={m} className={styles.mode}>
              <input type="radio" name={`${uid}-mode`} value={m} checked={m === scenario} onChange={() => switchMode(m)} />
              {scenarioLabel(m)}
            </label>
          ))}
        </fieldset>
      )}
      {showPickers && (
        <div className={styles.pickers}>
          <EndpointPicker label="From" endpoints={sources} current={fromEndpoint} fallback={spec.from} onPick={(next) => restartWith(() => setSpec({ ...spec, from: next.address }))} />
          <EndpointPicker label="To" endpoints={destinations} current={toEndpoint} fallback={spec.to} onPick={(next) => restartWith(() => setSpec(destinationSpec(spec, next, toEndpoint)))} />
          <label className={styles.replyToggle}>
            <input type="checkbox" checked={reply} onChange={(e) => restartWith(() => setReply(e.target.checked))} /> Show the reply (return path)
          </label>
        </div>
      )}
      <p className={styles.summary} data-testid="walk-summary">
        {walk.direction === "reply" ? "Reply" : "Packet"} {walk.source.ip} → {walk.initial.dst} ({spec.protocol ?? "icmp"}
        {/* A reply goes back to the client's port, not to the service port it answers. */}
        {spec.port !== undefined && spec.protocol !== "icmp" ? (walk.direction === "reply" ? `, answering port ${spec.port}` : ` port ${spec.port}`) : ""}) in {scenarioLabel(scenario)}: {hops.length} hops, <InlineText text={outcome} />
        {walked.replyUnavailable ? " (no reply: the request never arrived)" : ""}
      </p>
      <DiagramViewport width={layout.width} height={layout.height} label={`Drawing: ${flowName}`} follow={layout.deviceById.get(deviceKey(hop.location))}>
        <TopologyDiagram
          topology={topology}
          layout={layout}
          highlightedDeviceId={deviceKey(hop.location)}
          highlightLabel={`hop ${index + 1}`}
          dropped={isDrop}
          visitedDeviceIds={hops.slice(0, index).map((h) => deviceKey(h.location))}
          title={`Cluster: ${scenarioLabel(cluster.name)}`}
          description={`${cluster.description}. The packet is at hop ${index + 1}: ${where}. The hop list next to the drawing describes every hop in text.`}
          idPrefix={`${uid}-svg`}
        />
      </DiagramViewport>
      {showControls && (
        <div className={styles.controls} role="toolbar" aria-label="Packet walk controls">
          <button type="button" onClick={() => restartWith(() => undefined)} aria-label="Restart">↺ Restart</button>
          <button type="button" onClick={() => { setPlaying(false); go(index - 1); }} disabled={index === 0} aria-label="Step back">◀ Back</button>
          <button type="button" onClick={() => { if (index >= hops.length - 1) setHopIndex(0); setPlaying(!playing); }} aria-pressed={playing} aria-label={playing ? "Pause" : "Play"}>
            {playing ? "❚❚ Pause" : "▶ Play"}
          </button>
          <button type="button" onClick={() => { setPlaying(false); go(index + 1); }} disabled={index >= hops.length - 1} aria-label="Step forward">Forward ▶</button>
          <label className={styles.speed}>
            Speed{" "}
            <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
              {SPEEDS.map((s, i) => (
                <option key={s.label} value={i}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <span className={styles.kbdHint}>or ← → keys</span>
        </div>
      )}
      <p className={styles.live} aria-live="polite" aria-atomic="true" data-testid="hop-status">
        {status}
      </p>
      <div className={styles.panels}>
        <section className={styles.hopListPanel} aria-label={`Hops: ${flowName}`}>
          <p className={styles.panelTitle}>Hops</p>
          <ol className={styles.hopList} data-testid="hop-list" ref={hopListRef}>
            {hops.map((h, i) => (
              <li key={h.id}>
                <button
                  type="button"
                  className={`${styles.hopButton} ${i === index ? styles.hopCurrent : ""} ${h.action === "drop" ? styles.hopDrop : ""}`}
                  aria-current={i === index ? "step" : undefined}
                  tabIndex={i === index ? 0 : -1}
                  onClick={() => { setPlaying(false); go(i); }}
                  data-hop-id={h.id}
                  data-device={deviceKey(h.location)}
                >
                  <span className={styles.hopNo}>{i + 1}</span>
                  <span>
                    <strong>{h.action === "drop" ? "✕ " : ""}{HOP_ACTION_LABELS[h.action]}</strong> · {h.location.node} <code>{h.location.device}</code>
                  </span>
                </button>
              </li>
            ))}
          </ol>
        </section>
        <section className={styles.detailPanel} aria-label={`Current hop: ${flowName}`}>
          {/* Every hop's explanation is laid out in one grid cell, all but the current one hidden:
              the panel is as tall as the longest, so nothing is clipped and nothing below moves
              while the packet plays. */}
          <div className={styles.sizeStack}>
            {sizers.explanations}
            <div className={styles.explain} data-testid="hop-explanation" role="region" aria-label={`What happens at this hop: ${flowName}`} tabIndex={0}>
              <HopExplanation hop={hop} lab={labHopCommand(cluster, hop)} current />
            </div>
          </div>
          <p className={styles.panelTitle} id={`${uid}-headers`}>
            Headers, outermost first<span className={styles.visuallyHidden}>: {flowName}</span>
          </p>
          <div className={styles.sizeStack}>
            {sizers.headers}
            <HeaderInspector labelledBy={`${uid}-headers`} previous={index > 0 ? hops[index - 1]!.headers : undefined} current={hop.headers} />
          </div>
        </section>
      </div>
      {comparison.length > 0 && (
        // A phone is narrower than the table: it scrolls in its own labelled region instead of being cut off.
        <div className={styles.compareScroll} role="region" tabIndex={0} aria-label={`Dataplane comparison: ${flowName}`}>
        <table className={styles.compare} data-testid="mode-comparison">
          <caption>The same flow in each dataplane (computed by the engine)</caption>
          <thead>
            <tr>
              <th scope="col">Mode</th>
              <th scope="col">Hops</th>
              <th scope="col">Encapsulation</th>
              <th scope="col">Bytes added on the wire</th>
              <th scope="col">Pod MTU (NIC {comparison[0]!.overhead.underlayMtu})</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {comparison.map((c) => (
              <tr key={c.scenario} aria-current={c.scenario === scenario ? "true" : undefined} className={c.scenario === scenario ? styles.compareCurrent : undefined} data-scenario={c.scenario}>
                <th scope="row">{scenarioLabel(c.scenario)}{c.scenario === scenario ? " (shown)" : ""}</th>
                <td>{c.hopCount}</td>
                <td>{c.overhead.encapsulation}</td>
                <td>{c.overhead.wireBytesAdded}</td>
                <td>{c.overhead.podMtu}</td>
                <td>{c.error ? `not walkable: ${c.error}` : c.delivered ? "delivered" : `dropped (${c.walk?.drop?.code})`}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      <HopTable walk={walk} caption={`${walk.direction === "reply" ? "Reply" : "Packet walk"} (${scenarioLabel(scenario)}): ${walk.source.ip} → ${walk.initial.dst}, ${plainInlineText(outcome)}`} />
      <LabPanel scenario={scenario} cluster={cluster} spec={spec} />
    </div>
  );
}

/**
 * "Run this lab yourself": the scenario's setup and cleanup scripts (the ones tests/kernel
 * runs in CI, served from /lab-scripts/) and the commands that send this walk's packet there.
 */
function LabPanel({ scenario, cluster, spec }: { scenario: string; cluster: ReturnType<typeof getScenario>; spec: PacketSpec }) {
  const probe = useMemo(() => labProbe(cluster, walkPacket(cluster, spec), spec), [cluster, spec]);
  const setup = labFileName(scenario, "setup");
  const cleanup = labFileName(scenario, "cleanup");
  return (
    <details className={styles.lab} data-testid="lab-panel">
      <summary>Run this lab on your own Linux machine</summary>
      <p>
        The setup script builds this cluster ({scenarioLabel(scenario)}) with network namespaces, veth pairs, bridges,
        VXLAN devices, routes, ARP and FDB entries and kube-proxy&apos;s iptables rules, exactly as drawn. The same script is
        run against the Linux kernel in this course&apos;s tests, which check every hop shown here.
      </p>
      <p className={styles.labNote}>
        It needs root on a Linux machine (or VM) with iproute2, iptables and tcpdump. It creates only network namespaces
        whose names start with <code>cnia-</code> and changes nothing in your machine&apos;s own network; the cleanup script
        deletes them again.
      </p>
      <ul>
        <li><a href={`/lab-scripts/${setup}`} download={setup}>Download the setup script ({setup})</a></li>
        <li><a href={`/lab-scripts/${cleanup}`} download={cleanup}>Download the cleanup script ({cleanup})</a></li>
      </ul>
      <p>Then send this walk&apos;s packet, and watch any hop with the command shown for it under &ldquo;In the lab&rdquo;:</p>
      <pre tabIndex={0} aria-label="Lab commands" data-testid="lab-commands">
        <code>{[`sudo bash ${setup}`, ...probe.listen.map((l) => `sudo ${l}`), `sudo ${probe.send}`, `sudo bash ${cleanup}`].join("\n")}</code>
      </pre>
    </details>
  );
}
