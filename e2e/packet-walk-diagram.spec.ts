import { plainInlineText, splitInlineCode } from "../lib/text/inline-code";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator } from "@playwright/test";
import { openLiveDiagram, smallSvgTexts } from "./helpers";
import {
  DROP_CODE_LABELS,
  compareWalkModes,
  getScenario,
  labHopCommand,
  labProbe,
  scenarioLabel,
  headerFields,
  toWalkDocument,
  translateSpec,
  walkPacket,
  walkReply,
  type PacketSpec,
  type WalkDocument,
  type WalkDocumentHop,
} from "../lib/packet-walk";

/**
 * The live packet-walk diagram against the engine's own JSON for the same walk, computed here
 * in the test: highlighted device, hop list, explanation and header inspector must agree hop by
 * hop. No database is needed (lesson pages are static).
 */
const SEED: PacketSpec = { from: "10.244.1.2", to: "10.244.2.2" };
const SHOTS = "test-results/packet-walk";
mkdirSync(SHOTS, { recursive: true });

const docFor = (scenario: string, spec: PacketSpec): WalkDocument => toWalkDocument(walkPacket(getScenario(scenario), spec));
const keyOf = (h: WalkDocumentHop) => `${h.node}/${h.netns}/${h.device}`;


/** Everything the page shows for the current hop must equal the engine's hop `i`. */
async function expectHop(diagram: Locator, doc: WalkDocument, i: number) {
  const hop = doc.hops[i]!;
  await expect(diagram).toHaveAttribute("data-hop-index", String(i));
  const current = diagram.getByTestId("hop-list").locator('[aria-current="step"]');
  await expect(current).toHaveCount(1);
  await expect(current).toHaveAttribute("data-hop-id", hop.id);
  await expect(diagram.locator('svg [data-current="true"]')).toHaveAttribute("data-device", keyOf(hop));
  await expect(diagram.locator("svg [data-packet-at]")).toHaveAttribute("data-packet-at", keyOf(hop));
  // The engine marks table entries with backticks; the page shows them as code, without the backticks.
  await expect(diagram.getByTestId("hop-detail")).toHaveText(plainInlineText(hop.detail));
  await expect(diagram.getByTestId("hop-detail").locator("code")).toHaveCount(splitInlineCode(hop.detail).filter((p) => p.code).length);
  if (hop.entry) await expect(diagram.getByTestId("hop-entry")).toHaveText(hop.entry.text);
  else await expect(diagram.getByTestId("hop-entry")).toHaveCount(0);
  if (hop.command) await expect(diagram.getByTestId("hop-command")).toHaveText(hop.command);
  await expect(diagram.getByTestId("hop-status")).toContainText(`Hop ${i + 1} of ${doc.hops.length}`);
  // Header inspector: the same stack, outermost first, field by field.
  const inspector = diagram.getByTestId("header-inspector");
  const headers = inspector.locator("li[data-header]");
  await expect(headers).toHaveCount(hop.headers.length);
  for (let h = 0; h < hop.headers.length; h++) {
    const header = hop.headers[h]!;
    await expect(headers.nth(h)).toHaveAttribute("data-header", header.type);
    for (const f of headerFields(header)) await expect(headers.nth(h).locator(`[data-field="${f.name}"] dd`)).toContainText(f.value);
  }
  // The innermost IP header's TTL is flagged as changed exactly when the engine's TTL changed.
  const prev = i > 0 ? doc.hops[i - 1]!.headers : undefined;
  const innerIp = (hs: WalkDocumentHop["headers"]) => [...hs].reverse().find((x) => x.type === "ip") as { ttl: number } | undefined;
  const ipIndex = hop.headers.length - 1 - [...hop.headers].reverse().findIndex((x) => x.type === "ip");
  if (prev && innerIp(prev) && innerIp(hop.headers) && ipIndex < hop.headers.length) {
    const changed = innerIp(prev)!.ttl !== innerIp(hop.headers)!.ttl;
    const ttl = headers.nth(ipIndex).locator('[data-field="ttl"]');
    if (changed) await expect(ttl).toHaveAttribute("data-changed", "true");
    else await expect(ttl).not.toHaveAttribute("data-changed", "true");
  }
}

test.describe("packet-walk diagram", { tag: "@static" }, () => {
  // Each hop is checked field by field against the engine: slow on a shared 2-core machine, not a timing assertion.
  test.describe.configure({ timeout: 240_000 });
  test("stepping through the seed walk: highlighted hop, hop list and header inspector follow the engine's JSON", async ({ page }) => {
    const doc = docFor("seed-flannel-vxlan", SEED);
    const diagram = await openLiveDiagram(page, "flannel-vxlan");
    await expect(diagram.getByTestId("hop-list").locator("li")).toHaveCount(doc.hops.length);
    const list = diagram.getByTestId("hop-list").locator("button");
    for (let i = 0; i < doc.hops.length; i++) await expect(list.nth(i)).toHaveAttribute("data-hop-id", doc.hops[i]!.id);
    await expectHop(diagram, doc, 0);
    // Arrow keys step (focus on the current hop button), the buttons step too.
    await list.first().focus();
    for (let i = 1; i < doc.hops.length; i++) {
      if (i % 2) await page.keyboard.press("ArrowRight");
      else await diagram.getByRole("button", { name: "Step forward" }).click();
      await expectHop(diagram, doc, i);
    }
    await expect(diagram.getByRole("button", { name: "Step forward" })).toBeDisabled();
    await diagram.getByRole("button", { name: "Step back" }).click();
    await expectHop(diagram, doc, doc.hops.length - 2);
    await list.first().focus();
    await page.keyboard.press("Home");
    await expectHop(diagram, doc, 0);

    // The outer IP/UDP/VXLAN headers appear at flannel.1's encapsulation.
    const enc = doc.hops.findIndex((h) => h.action === "encapsulate");
    await list.nth(enc).click();
    await expectHop(diagram, doc, enc);
    const statuses = await diagram.getByTestId("header-inspector").locator("li[data-header]").evaluateAll((els) => els.map((e) => `${e.getAttribute("data-header")}:${e.getAttribute("data-status")}`));
    expect(statuses.slice(0, 3)).toEqual(["ip:added", "udp:added", "vxlan:added"]);

    // Play runs to the end by itself.
    await diagram.getByRole("combobox", { name: "Speed" }).selectOption({ label: "4×" });
    await diagram.getByRole("button", { name: "Play" }).click();
    await expect(diagram).toHaveAttribute("data-hop-index", String(doc.hops.length - 1), { timeout: 30_000 });
    await expect(diagram.getByRole("button", { name: "Play" })).toBeVisible();
  });

  test("switching flannel modes re-walks the flow: outer headers, comparison table and screenshots per mode", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 1000 });
    const diagram = await openLiveDiagram(page, "flannel-vxlan");
    const modes = ["seed-flannel-vxlan", "flannel-udp", "flannel-host-gw"];
    const rows = compareWalkModes("seed-flannel-vxlan", SEED, modes);
    for (const r of rows) {
      const row = diagram.getByTestId("mode-comparison").locator(`tr[data-scenario="${r.scenario}"]`);
      await expect(row.locator("td").nth(0)).toHaveText(String(r.hopCount));
      await expect(row.locator("td").nth(2)).toHaveText(String(r.overhead.wireBytesAdded));
      await expect(row.locator("td").nth(3)).toHaveText(String(r.overhead.podMtu));
    }
    const seed = getScenario("seed-flannel-vxlan");
    const outer: Record<string, string[]> = {};
    for (const mode of modes) {
      await diagram.getByRole("radio", { name: scenarioLabel(mode), exact: true }).check();
      await expect(diagram).toHaveAttribute("data-scenario", mode);
      const doc = docFor(mode, translateSpec(seed, getScenario(mode), SEED));
      await expect(diagram.getByTestId("hop-list").locator("li")).toHaveCount(doc.hops.length);
      // The frame node1's NIC puts on the wire.
      const onWire = doc.hops.findIndex((h) => h.node === "node1" && h.device === "ens3" && h.wire === "tx");
      await diagram.getByTestId("hop-list").locator("button").nth(onWire).click();
      await expectHop(diagram, doc, onWire);
      outer[mode] = doc.hops[onWire]!.headers.map((h) => (h.type === "udp" ? `udp:${h.dport}` : h.type));
      await diagram.screenshot({ path: `${SHOTS}/mode-${mode}.png` });
    }
    // What the engine says and the page showed: VXLAN on 8472, flannel UDP on 8285, host-gw unencapsulated.
    expect(outer["seed-flannel-vxlan"]).toEqual(["eth", "ip", "udp:8472", "vxlan", "eth", "ip", "icmp"]);
    expect(outer["flannel-udp"]).toEqual(["eth", "ip", "udp:8285", "ip", "icmp"]);
    expect(outer["flannel-host-gw"]).toEqual(["eth", "ip", "icmp"]);
  });

  test("offers the scenario's lab: the downloads are the CLI's scripts, and each hop's command runs in its lab namespace", async ({ page }) => {
    const diagram = await openLiveDiagram(page, "flannel-vxlan");
    const seed = getScenario("seed-flannel-vxlan");
    const walk = walkPacket(seed, SEED);
    // Each hop says how to see it in the lab.
    await expect(diagram.getByTestId("hop-lab-command")).toHaveText(labHopCommand(seed, walk.hops[0]!)!);
    const panel = diagram.getByTestId("lab-panel");
    await panel.locator("summary").click();
    await expect(panel).toContainText("needs root");
    await expect(panel).toContainText("cnia-");
    await expect(panel.getByTestId("lab-commands")).toContainText(`sudo ${labProbe(seed, walk, SEED).send}`);
    const cli = (flag: string, scenario: string) => execFileSync("npx", ["tsx", "scripts/walk.ts", "--scenario", scenario, flag], { encoding: "utf8" });
    const downloaded = async (name: RegExp) => {
      const [download] = await Promise.all([page.waitForEvent("download"), panel.getByRole("link", { name }).click()]);
      return { file: download.suggestedFilename(), text: readFileSync(await download.path(), "utf8") };
    };
    const setup = await downloaded(/setup script/);
    expect(setup.file).toBe("cnia-lab-seed-flannel-vxlan.sh");
    expect(setup.text).toBe(cli("--lab", "seed-flannel-vxlan"));
    const cleanup = await downloaded(/cleanup script/);
    expect(cleanup.file).toBe("cnia-lab-seed-flannel-vxlan-cleanup.sh");
    expect(cleanup.text).toBe(cli("--lab-cleanup", "seed-flannel-vxlan"));
    // Another dataplane offers its own lab.
    await diagram.getByRole("radio", { name: scenarioLabel("flannel-host-gw"), exact: true }).check();
    const hostGw = await downloaded(/setup script/);
    expect(hostGw.file).toBe("cnia-lab-flannel-host-gw.sh");
    expect(hostGw.text).toBe(cli("--lab", "flannel-host-gw"));
    // An unknown script is a 404, not a 500.
    expect((await page.request.get("/lab-scripts/cnia-lab-nope.sh")).status()).toBe(404);
  });

  test("Calico modes: IP-in-IP adds one IP header, VXLAN uses UDP 4789, BGP none", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 1000 });
    const diagram = await openLiveDiagram(page, "calico-modes");
    const base = getScenario("calico-bgp");
    const spec = { from: "httpd-app-675b65488d-9w69v", to: "httpd-app-675b65488d-6kgk6" };
    const seen: Record<string, string[]> = {};
    for (const mode of ["calico-bgp", "calico-ipip", "calico-vxlan"]) {
      await diagram.getByRole("radio", { name: scenarioLabel(mode), exact: true }).check();
      const doc = docFor(mode, translateSpec(base, getScenario(mode), spec));
      const onWire = doc.hops.findIndex((h) => h.node === "node1" && h.device === "ens3" && h.wire === "tx");
      await diagram.getByTestId("hop-list").locator("button").nth(onWire).click();
      await expectHop(diagram, doc, onWire);
      seen[mode] = await diagram.getByTestId("header-inspector").locator("li[data-header]").evaluateAll((els) => els.map((e) => e.getAttribute("data-header") ?? ""));
      await diagram.screenshot({ path: `${SHOTS}/mode-${mode}.png` });
    }
    expect(seen["calico-bgp"]).toEqual(["eth", "ip", "icmp"]);
    expect(seen["calico-ipip"]).toEqual(["eth", "ip", "ip", "icmp"]);
    expect(seen["calico-vxlan"]).toEqual(["eth", "ip", "udp", "vxlan", "eth", "ip", "icmp"]);
    await expect(diagram.getByTestId("header-inspector").locator('li[data-header="udp"] [data-field="dport"] dd')).toContainText("4789");
  });

  test("a dropped packet stops where it drops and shows the engine's reason", async ({ page }) => {
    const doc = docFor("flannel-host-gw-different-subnets", SEED);
    expect(doc.delivered).toBe(false);
    const diagram = await openLiveDiagram(page, "flannel-host-gw", 1);
    await diagram.getByTestId("hop-list").locator("button").first().focus();
    await page.keyboard.press("End");
    await expectHop(diagram, doc, doc.hops.length - 1);
    await expect(diagram.getByTestId("hop-explanation")).toContainText("Dropped");
    await expect(diagram.getByTestId("hop-detail")).toHaveText(plainInlineText(doc.hops.at(-1)!.detail));
    // The summary above the drawing names the drop in a few words; the engine's whole reason
    // is the drop hop's explanation (checked above), not a wall of text above the drawing.
    const summary = (await diagram.getByTestId("walk-summary").innerText()).trim();
    expect(summary).toContain(`dropped at hop ${doc.hops.length} on ${doc.hops.at(-1)!.node} ${doc.hops.at(-1)!.device}: ${DROP_CODE_LABELS[doc.drop!.code]}`);
    expect(summary).not.toContain(doc.drop!.reason);
    expect(summary.split(/\s+/).length).toBeLessThanOrEqual(30);
    await diagram.screenshot({ path: `${SHOTS}/dropped.png` });
  });

  test("pickers and the reply toggle re-walk in the browser", async ({ page }) => {
    const cluster = getScenario("flannel-vxlan-service");
    const diagram = await openLiveDiagram(page, "service-types");
    // The reply of the ClusterIP flow comes back from the ClusterIP (conntrack un-DNAT).
    const forward = walkPacket(cluster, { from: "10.244.1.3", to: "10.96.148.103", protocol: "tcp", port: 80 });
    const reply = toWalkDocument(walkReply(cluster, forward));
    await diagram.getByLabel("Show the reply (return path)").check();
    await expect(diagram.getByTestId("hop-list").locator("li")).toHaveCount(reply.hops.length);
    await expectHop(diagram, reply, 0);
    await expect(diagram.getByTestId("walk-summary")).toContainText("Reply");
    await diagram.getByLabel("Show the reply (return path)").uncheck();
    // Pick a NodePort destination.
    await diagram.getByRole("combobox", { name: "To" }).selectOption({ label: "NodePort 30.0.1.47:30080/tcp (Service httpd-app)" });
    const doc = toWalkDocument(walkPacket(cluster, { from: "10.244.1.3", to: "30.0.1.47", protocol: "tcp", port: 30080 }));
    await expect(diagram.getByTestId("hop-list").locator("li")).toHaveCount(doc.hops.length);
    const dnat = doc.hops.findIndex((h) => h.action === "dnat");
    expect(dnat).toBeGreaterThan(0);
    await diagram.getByTestId("hop-list").locator("button").nth(dnat).click();
    await expectHop(diagram, doc, dnat);
    await expect(diagram.getByTestId("header-inspector").locator('li[data-header="ip"] [data-field="dst"]')).toHaveAttribute("data-changed", "true");
  });

  for (const width of [390, 1280]) {
    test(`a NodePort called from a client outside the cluster, its reply, and a ClusterIP that is unreachable from there (${width} px)`, async ({ page }) => {
      await page.setViewportSize({ width, height: 844 });
      const cluster = getScenario("flannel-vxlan-service");
      const spec: PacketSpec = { from: "client", to: "30.0.1.47", protocol: "tcp", port: 30080 };
      // The service-types lesson's second diagram is the NodePort one.
      const diagram = await openLiveDiagram(page, "service-types", 1);
      await expect(diagram.getByRole("combobox", { name: "From" }).locator("option:checked")).toHaveText("client outside the cluster (30.0.9.20)");
      const doc = docFor("flannel-vxlan-service", spec);
      await expect(diagram.getByTestId("hop-list").locator("li")).toHaveCount(doc.hops.length);
      await expect(diagram.getByTestId("walk-summary")).toContainText("Packet 30.0.9.20 → 30.0.1.47 (tcp port 30080)");
      // The client's box is drawn, and the first hop is on it.
      await expect(diagram.locator('svg [data-container="client"]')).toHaveCount(1);
      await expectHop(diagram, doc, 0);
      const dnat = doc.hops.findIndex((h) => h.action === "dnat");
      expect(doc.hops[dnat]?.node).toBe("node2");
      await diagram.getByTestId("hop-list").locator("button").nth(dnat).click();
      await expectHop(diagram, doc, dnat);
      // The reply ends on the client, from the address and port it called.
      const reply = toWalkDocument(walkReply(cluster, walkPacket(cluster, spec)));
      await diagram.getByLabel("Show the reply (return path)").check();
      await expect(diagram.getByTestId("hop-list").locator("li")).toHaveCount(reply.hops.length);
      await diagram.getByTestId("hop-list").locator("button").last().click();
      await expectHop(diagram, reply, reply.hops.length - 1);
      expect(reply.hops.at(-1)).toMatchObject({ node: "client", action: "deliver" });
      await diagram.getByLabel("Show the reply (return path)").uncheck();
      // From outside, a ClusterIP is only an address nobody routes.
      await diagram.getByRole("combobox", { name: "To" }).selectOption({ label: "Service httpd-app ClusterIP 10.96.148.103:80/tcp" });
      await expect(diagram.getByTestId("walk-summary")).toContainText("dropped");
      await expect(diagram.getByTestId("walk-summary")).toContainText("router");
      expect(await smallSvgTexts(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    });
  }

  test("no layout shift while stepping, instant steps with reduced motion, fits a 360 px phone", async ({ page }) => {
    await page.emulateMedia({ reducedMotion: "reduce" });
    await page.setViewportSize({ width: 360, height: 800 });
    const diagram = await openLiveDiagram(page, "flannel-vxlan");
    const transition = await diagram.locator("svg [data-packet-at]").evaluate((el) => getComputedStyle(el).transitionDuration);
    expect(transition).toBe("0s");
    const measure = () => diagram.evaluate((el) => ({ h: el.getBoundingClientRect().height, page: document.documentElement.scrollHeight }));
    const before = await measure();
    for (let i = 0; i < 14; i++) {
      await diagram.getByRole("button", { name: "Step forward" }).click();
      expect(await measure()).toEqual(before);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await diagram.screenshot({ path: `${SHOTS}/phone-360.png` });
  });

  test("the hop list is one tab stop: arrows move focus along it, Tab leaves it", async ({ page }) => {
    const diagram = await openLiveDiagram(page, "flannel-vxlan");
    const buttons = diagram.getByTestId("hop-list").locator("button");
    await expect(diagram.getByTestId("hop-list").locator('button[tabindex="0"]')).toHaveCount(1);
    expect(await buttons.count()).toBeGreaterThan(5);
    await buttons.first().focus();
    await page.keyboard.press("ArrowDown");
    await expect(buttons.nth(1)).toBeFocused();
    await expect(diagram).toHaveAttribute("data-hop-index", "1");
    await page.keyboard.press("End");
    await expect(buttons.last()).toBeFocused();
    await expect(diagram.getByTestId("hop-list").locator('button[tabindex="0"]')).toHaveCount(1);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="hop-list"]') === null)).toBe(true);
  });

  test("the text version shows the walk that is drawn, the reply included", async ({ page }) => {
    const diagram = await openLiveDiagram(page, "flannel-vxlan");
    const table = diagram.getByTestId("hop-table");
    const rows = table.locator("tbody tr");
    const hopIds = async () => diagram.getByTestId("hop-list").locator("button").evaluateAll((els) => els.map((e) => e.getAttribute("data-hop-id")));
    const rowIds = async () => rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-hop-id")));
    expect(await rowIds()).toEqual(await hopIds());
    await expect(table.locator("caption")).toContainText("Packet walk");
    await diagram.getByLabel("Show the reply (return path)").check();
    await expect(table.locator("caption")).toContainText("Reply");
    expect(await rowIds()).toEqual(await hopIds());
  });

  for (const colorScheme of ["light", "dark"] as const) {
    test(`axe: lesson pages with the diagram have no violations (${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      // A hop with added and changed headers, so the highlight styles are on the page too.
      const doc = docFor("flannel-udp", SEED);
      const diagram = await openLiveDiagram(page, "flannel-udp");
      await diagram.getByTestId("hop-list").locator("button").nth(doc.hops.findIndex((h) => h.action === "to-userspace" || h.action === "encapsulate") + 1).click();
      await page.locator("details.packet-walk-table summary").first().click();
      const whole = await new AxeBuilder({ page }).analyze();
      expect(whole.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
      await diagram.screenshot({ path: `${SHOTS}/lesson-${colorScheme}.png` });
      // The seed lesson, whole page too: its code blocks are focusable and its tables have headers.
      await openLiveDiagram(page, "flannel-vxlan");
      const seed = await new AxeBuilder({ page }).analyze();
      expect(seed.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    });
  }
});
