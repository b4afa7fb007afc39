import { describe, expect, it } from "vitest";
import { findMdxTags } from "./mdx-tags";

describe("findMdxTags", () => {
  it("reads string, number, boolean, bare and JSON array props, with line numbers", () => {
    const src = 'Intro\n\n<PacketWalk scenario="a" from=\'10.0.0.1\' port={80} reply={true} compact\n  hops={[1, 2]} />\n\n<CheckYourself quiz="q" questions={["x", "y"]} />\n';
    expect(findMdxTags(src, "PacketWalk")).toEqual([
      { name: "PacketWalk", line: 3, props: { scenario: "a", from: "10.0.0.1", port: 80, reply: true, compact: true, hops: [1, 2] } },
    ]);
    expect(findMdxTags(src, "CheckYourself")[0]!.props).toEqual({ quiz: "q", questions: ["x", "y"] });
  });

  it("ignores tags inside code fences and other components with a common prefix", () => {
    const src = '```mdx\n<PacketWalk scenario="x" />\n```\n<PacketWalkDiagram scenario="y" />\n';
    expect(findMdxTags(src, "PacketWalk")).toEqual([]);
  });

  it("refuses props it cannot check, naming file and line", () => {
    expect(() => findMdxTags('\n<PacketWalk scenario={name} />', "PacketWalk", "l.mdx")).toThrow(/l\.mdx:2 <PacketWalk>: \{name\} is not a literal/);
    expect(() => findMdxTags('<PacketWalk scenario="a">', "PacketWalk")).toThrow(/self-closing/);
  });
});
