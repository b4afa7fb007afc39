/**
 * The seeded PRNG (mulberry32) and string hash (FNV-1a) are the engine's: attempts store
 * their seed so that the draw, the option order and generated questions can be rebuilt
 * exactly for review and regrading.
 */
import { fnv1a32, seededRandom } from "../packet-walk/hash";

export { seededRandom };

/** A new array with the items in a seeded random order (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A stable 32-bit hash of a string (FNV-1a), to derive per-question seeds from an attempt seed. */
export function hashString(text: string): number {
  return fnv1a32(text);
}
