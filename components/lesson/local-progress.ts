import { onStorageKeyChange } from "@/lib/browser/fetch-and-storage";
import { parseLocalLessonEntry, type LessonStatus, type LocalLessonProgress } from "@/lib/progress-entry";

/**
 * Progress of a reader who is not signed in, kept in this browser's localStorage and
 * offered for import into an account at sign-up or sign-in. A small external store so
 * every leaf that shows it (course home badges, lesson completion, the import offer)
 * updates together, also across tabs.
 */
export const LOCAL_PROGRESS_KEY = "cni-academy:progress";

export type LocalProgress = Readonly<Record<string, LocalLessonProgress>>;

const listeners = new Set<() => void>();
const EMPTY: LocalProgress = Object.freeze({});
let snapshot: { raw: string | null; value: LocalProgress } = { raw: null, value: EMPTY };

/** Parses stored text; entries that do not validate are dropped rather than trusted. */
export function parseLocalProgress(raw: string | null): LocalProgress {
  if (!raw) return EMPTY;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return EMPTY;
  }
  const entries = (data as { lessons?: unknown } | null)?.lessons;
  if (!Array.isArray(entries)) return EMPTY;
  const out: Record<string, LocalLessonProgress> = {};
  for (const entry of entries) {
    const parsed = parseLocalLessonEntry(entry);
    if (parsed) out[parsed.slug] = parsed;
  }
  return out;
}

function readRaw(): string | null {
  try {
    return localStorage.getItem(LOCAL_PROGRESS_KEY);
  } catch {
    return null;
  }
}

export function getLocalProgress(): LocalProgress {
  const raw = readRaw();
  if (raw !== snapshot.raw) snapshot = { raw, value: parseLocalProgress(raw) };
  return snapshot.value;
}

export function getServerLocalProgress(): LocalProgress {
  return EMPTY;
}

export function subscribeLocalProgress(listener: () => void): () => void {
  listeners.add(listener);
  const unsubscribe = onStorageKeyChange(LOCAL_PROGRESS_KEY, listener);
  return () => {
    listeners.delete(listener);
    unsubscribe();
  };
}

function write(progress: LocalProgress) {
  try {
    if (Object.keys(progress).length === 0) localStorage.removeItem(LOCAL_PROGRESS_KEY);
    else localStorage.setItem(LOCAL_PROGRESS_KEY, JSON.stringify({ version: 1, lessons: Object.values(progress) }));
  } catch {
    // Storage full or blocked: progress then lasts for this page only.
  }
  listeners.forEach((l) => l());
}

/** Sets one lesson's state on this device. "in_progress" never replaces "completed" unless `force`. */
export function setLocalLessonStatus(slug: string, status: LessonStatus, options: { force?: boolean; now?: Date } = {}) {
  const current = getLocalProgress();
  const existing = current[slug];
  if (status === "in_progress" && existing && !options.force) return;
  const entry: LocalLessonProgress =
    status === "completed" ? { slug, status, completedAt: (options.now ?? new Date()).toISOString() } : { slug, status };
  write({ ...current, [slug]: entry });
}

/** Forgets the given lessons (after they were imported into an account). */
export function clearLocalLessons(slugs: readonly string[]) {
  const next = { ...getLocalProgress() };
  for (const slug of slugs) delete next[slug];
  write(next);
}

const DISMISSED_KEY = "cni-academy:import-dismissed";

/** "Not now" on the import offer lasts for this browser session, so the offer does not nag on every page. */
export function isImportDismissed(): boolean {
  try {
    return sessionStorage.getItem(DISMISSED_KEY) === "1";
  } catch {
    return false;
  }
}

export function dismissImport() {
  try {
    sessionStorage.setItem(DISMISSED_KEY, "1");
  } catch {
    // Storage blocked: the offer is hidden for this page only.
  }
}

/** Whether to offer an import right after sign-in: there is local progress and the reader has not said "Not now". */
export function shouldOfferImport(): boolean {
  return Object.keys(getLocalProgress()).length > 0 && !isImportDismissed();
}
