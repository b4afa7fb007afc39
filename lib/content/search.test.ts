import { describe, expect, it } from "vitest";
import { prepareIndex, searchLessons, tokenize, type SearchIndex } from "./search";

const index: SearchIndex = {
  version: 1,
  lessons: [
    {
      slug: "vxlan",
      title: "VXLAN: Layer 2 over UDP",
      summary: "The VXLAN header and its ports.",
      sections: [
        { id: null, heading: null, text: "Intro text." },
        { id: "ports", heading: "UDP ports", text: "Linux defaults to 8472; IANA assigned 4789." },
      ],
    },
    {
      slug: "flannel",
      title: "Flannel",
      summary: "Backends of flannel.",
      sections: [
        { id: "backends", heading: "Backends", text: "vxlan, host-gw and udp. The vxlan backend uses the kernel default port 8472. Port 8472 again, 8472." },
        { id: "leases", heading: "Leases", text: "Subnet leases come from the Kubernetes API." },
      ],
    },
    { slug: "calico", title: "Calico", summary: "BGP routing.", sections: [{ id: "bgp", heading: "BGP", text: "bird speaks BGP on TCP 179." }] },
  ],
};
const prepared = prepareIndex(index);

describe("lesson search", () => {
  it("tokenizes into lowercased letter and digit runs", () => {
    expect(tokenize("Flannel's VXLAN (8472/udp) café")).toEqual(["flannel", "s", "vxlan", "8472", "udp", "cafe"]);
  });

  it("finds nothing for an empty query or an unknown word", () => {
    expect(searchLessons(prepared, "   ")).toEqual([]);
    expect(searchLessons(prepared, "ospf")).toEqual([]);
  });

  it("requires every term (AND) and links to the best section's anchor", () => {
    const results = searchLessons(prepared, "kernel 8472");
    expect(results.map((r) => r.slug)).toEqual(["flannel"]);
    expect(results[0]).toMatchObject({ href: "/lessons/flannel#backends", heading: "Backends" });
    expect(results[0]!.snippet).toContain("8472");
  });

  it("ranks a title match above a body mention, and repeated mentions above one", () => {
    expect(searchLessons(prepared, "calico")[0]!.slug).toBe("calico");
    // flannel says 8472 three times in its section; vxlan once (its heading does not contain it).
    expect(searchLessons(prepared, "8472").map((r) => r.slug)).toEqual(["flannel", "vxlan"]);
  });

  it("gives prefixes partial credit and links to the lesson itself when only the title matches", () => {
    const [result] = searchLessons(prepared, "calic");
    expect(result).toMatchObject({ slug: "calico", href: "/lessons/calico" });
    expect(searchLessons(prepared, "Calico")[0]!.score).toBeGreaterThan(result!.score);
  });

  it("respects the limit", () => {
    expect(searchLessons(prepared, "the", 1)).toHaveLength(1);
  });
});
