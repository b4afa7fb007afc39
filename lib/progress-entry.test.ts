import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseLocalLessonEntry } from "./progress-entry";
import { localLessonProgressSchema } from "./progress-schema";

/** The browser's zod-free reader and the server's zod schema must accept exactly the same entries. */
function serverAccepts(entry: unknown): boolean {
  return localLessonProgressSchema.safeParse(entry).success;
}

const datetimes = fc.oneof(
  fc.date({ min: new Date("1960-01-01"), max: new Date("9999-12-31T23:59:59.999Z"), noInvalidDate: true }).map((d) => d.toISOString()),
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 25 }),
      fc.integer({ min: 0, max: 61 }),
      fc.constantFrom("", ":07", ":59.123", ":60"),
      fc.constantFrom("Z", "+02:00", "-11:30", "+2400", "+24:00", "", "z", "+05"),
    )
    .map(([y, mo, d, h, mi, s, off]) => `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}T${String(h).padStart(2, "0")}:${String(mi).padStart(2, "0")}${s}${off}`),
  fc.string(),
);

const entries = fc.oneof(
  fc.record(
    {
      slug: fc.oneof(fc.constantFrom("vxlan", "flannel-vxlan", "a-", "-a", "A", "a--b", "x".repeat(80), "x".repeat(81)), fc.string()),
      status: fc.oneof(fc.constantFrom("in_progress", "completed", "done"), fc.anything()),
      completedAt: fc.oneof(datetimes, fc.constant(null), fc.anything()),
      extra: fc.anything(),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

describe("parseLocalLessonEntry (browser) agrees with localLessonProgressSchema (server)", () => {
  it("on generated entries, valid and not", () => {
    fc.assert(
      fc.property(entries, (entry) => {
        expect(parseLocalLessonEntry(entry) !== null).toBe(serverAccepts(entry));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    [{ slug: "vxlan", status: "completed", completedAt: "2026-02-29T10:00:00Z" }, false],
    [{ slug: "vxlan", status: "completed", completedAt: "2024-02-29T10:00:00Z" }, true],
    [{ slug: "vxlan", status: "completed", completedAt: "2026-04-31T10:00:00+02:00" }, false],
    [{ slug: "vxlan", status: "completed", completedAt: "2026-04-30T10:00Z" }, false],
    [{ slug: "vxlan", status: "completed", completedAt: "1969-12-31T23:59:59Z" }, false],
    [{ slug: "vxlan", status: "in_progress" }, true],
    [{ slug: "vxlan", status: "in_progress", completedAt: null }, true],
    [{ slug: "vxlan", status: "in_progress", note: "x" }, false],
  ])("%j → accepted %s on both sides", (entry, accepted) => {
    expect(parseLocalLessonEntry(entry) !== null).toBe(accepted);
    expect(serverAccepts(entry)).toBe(accepted);
  });

  it("returns the entry as read", () => {
    expect(parseLocalLessonEntry({ slug: "vxlan", status: "completed", completedAt: "2026-03-01T09:30:00.250+01:00" })).toEqual({
      slug: "vxlan",
      status: "completed",
      completedAt: "2026-03-01T09:30:00.250+01:00",
    });
  });
});
