/**
 * The part of the public API (index.ts) that the in-browser diagram uses, as
 * its own entry point. Same functions, same modules; what it leaves out is the
 * CLI, pcap writer and the zod topology-file parser. index.ts re-exports
 * topology-file.ts, whose top-level `z.object(...)` schema a bundler must keep
 * (it cannot prove the call pure), so importing index.ts from a client
 * component ships zod (~31 kB gzipped) to every page with a diagram. Measured
 * by bench/diagram-first-load-js.ts; see docs/decisions (packet-walk diagram).
 * Server code and tests keep importing "@/lib/packet-walk".
 */
export { getScenario, listScenarios, scenarioLabel, type ScenarioInfo } from "./scenarios";
export { walkPacket, walkReply, type PacketSpec, type WalkProtocol, type WalkResult, type Hop, type HopAction } from "./walk";
export { describeTopology, deviceKey, type ClusterTopology, type TopologyDevice } from "./topology";
export { encapsulationOverhead, type EncapsulationOverhead } from "./overhead";
export { formatHeaders } from "./document";
export type { Header } from "./packet";
export { diffHeaderStacks, headerFields, type HeaderDiffEntry, type HeaderFieldView, type HeaderStackDiff } from "./header-diff";
export { layoutTopology, wrapText, DIAGRAM_FONT, BADGE_ROOM, type DiagramLayout, type DeviceLayout, type ContainerLayout, type LinkLayout, type LayoutOptions } from "./diagram-layout";
export { sourceEndpoints, destinationEndpoints, findEndpoint, translateAddress, translateSpec, compareWalkModes, HOP_ACTION_LABELS, DROP_CODE_LABELS, TABLE_ENTRY_LABELS, dropSummary, type WalkEndpoint, type ModeComparison } from "./diagram-walks";
export { labHopCommand, labProbe, labFileName, type LabProbe } from "./lab-commands";
/** Troubleshooting labs break the diagram's cluster in the browser too. */
