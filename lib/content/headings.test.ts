import { describe, expect, it } from "vitest";
import { extractHeadings } from "./headings";

describe("extractHeadings", () => {
  it("returns h2/h3 with github-slugger ids, skipping code fences and deduplicating", () => {
    const md = "## The VXLAN header\ntext\n```bash\n## not a heading\n```\n### `flannel.1` and FDB\n## The VXLAN header\n# title\n";
    expect(extractHeadings(md)).toEqual([
      { depth: 2, text: "The VXLAN header", id: "the-vxlan-header" },
      { depth: 3, text: "flannel.1 and FDB", id: "flannel1-and-fdb" },
      { depth: 2, text: "The VXLAN header", id: "the-vxlan-header-1" },
    ]);
  });
});
