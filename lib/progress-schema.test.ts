import { describe, expect, it } from "vitest";
import { parseLocalProgress } from "@/components/lesson/local-progress";
import { progressImportSchema } from "./progress-schema";

describe("progress import body", () => {
  it("accepts lessons with a status and an optional completion time", () => {
    const body = { lessons: [{ slug: "vlan", status: "completed", completedAt: "2026-01-02T03:04:05.000Z" }, { slug: "vxlan", status: "in_progress" }] };
    expect(progressImportSchema.parse(body)).toEqual(body);
  });

  it("refuses unknown statuses, extra fields, duplicates, bad slugs and bad dates", () => {
    const bad = [
      { lessons: [{ slug: "vlan", status: "done" }] },
      { lessons: [{ slug: "vlan", status: "completed", score: 1 }] },
      { lessons: [{ slug: "vlan", status: "completed" }, { slug: "vlan", status: "in_progress" }] },
      { lessons: [{ slug: "../etc", status: "completed" }] },
      { lessons: [{ slug: "vlan", status: "completed", completedAt: "yesterday" }] },
      { lessons: [] as unknown[], extra: true },
      {},
    ];
    for (const body of bad) expect(progressImportSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
  });
});

describe("parseLocalProgress", () => {
  it("keeps valid entries and drops what does not validate", () => {
    const raw = JSON.stringify({ version: 1, lessons: [{ slug: "vlan", status: "completed", completedAt: "2026-01-02T03:04:05.000Z" }, { slug: "x", status: "bogus" }, 7] });
    expect(parseLocalProgress(raw)).toEqual({ vlan: { slug: "vlan", status: "completed", completedAt: "2026-01-02T03:04:05.000Z" } });
  });

  it("treats missing or corrupt storage as no progress", () => {
    expect(parseLocalProgress(null)).toEqual({});
    expect(parseLocalProgress("{not json")).toEqual({});
    expect(parseLocalProgress('{"lessons": 3}')).toEqual({});
  });
});
