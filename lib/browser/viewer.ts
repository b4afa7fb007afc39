/**
 * Who is reading, for the client leaves of static pages (header, badges, completion,
 * assignments). One GET of next-auth's /api/auth/session per page load, shared by every
 * leaf through a tiny external store, instead of next-auth's SessionProvider (which, with
 * its client library, put ~18 kB gzipped into every page: docs/decisions/017-first-load-javascript.md).
 *
 * It is a display hint only: every route handler and server page checks the session again
 * (lib/auth.server.ts getCurrentUser), so a stale "signed in" here can never grant anything.
 */
import { useSyncExternalStore } from "react";
import { onStorageKeyChange } from "./fetch-and-storage";
import { VIEWER_HINT_KEY, VIEWER_ROLE_HINT_KEY } from "./page-boot";

export type Viewer =
  | { status: "loading" }
  | { status: "signed-out" }
  | { status: "signed-in"; email: string; name: string | null; role: string };

/** Written on sign-in and sign-out so other tabs refetch (the storage event fires only in the others). */
const VIEWER_CHANGED_KEY = "cni-academy:viewer-changed";

const LOADING: Viewer = Object.freeze({ status: "loading" });
const SIGNED_OUT: Viewer = Object.freeze({ status: "signed-out" });

let current: Viewer = LOADING;
let inFlight: Promise<void> | null = null;
let started = false;
const listeners = new Set<() => void>();

function set(next: Viewer) {
  current = next;
  try {
    if (next.status !== "loading") localStorage.setItem(VIEWER_HINT_KEY, next.status);
    document.documentElement.dataset.viewer = next.status;
    // Staff get extra header links; the hint sizes the account corner for them on the next load.
    const staffRole = next.status === "signed-in" && (next.role === "instructor" || next.role === "admin") ? next.role : null;
    if (staffRole) {
      localStorage.setItem(VIEWER_ROLE_HINT_KEY, staffRole);
      document.documentElement.dataset.viewerRole = staffRole;
    } else if (next.status !== "loading") {
      localStorage.removeItem(VIEWER_ROLE_HINT_KEY);
      delete document.documentElement.dataset.viewerRole;
    }
  } catch {
    // Storage blocked: the next page load reserves the signed-out layout, and may shift once.
  }
  listeners.forEach((l) => l());
}

/**
 * Parses next-auth's session answer: `{}` without a cookie, `{ user, role, … }` signed in.
 * A cookie whose session row has ended (signed out elsewhere, account disabled) still
 * decodes, but the session callback then finds no user and sends no role: signed out.
 */
export function viewerFromSession(data: unknown): Viewer {
  const session = data as { user?: { email?: unknown; name?: unknown }; role?: unknown } | null;
  const email = session?.user?.email;
  const role = session?.role;
  if (typeof email !== "string" || email === "" || typeof role !== "string") return SIGNED_OUT;
  const name = session?.user?.name;
  return { status: "signed-in", email, name: typeof name === "string" ? name : null, role };
}

function load(): Promise<void> {
  inFlight ??= fetch("/api/auth/session", { cache: "no-store" })
    .then((res) => (res.ok ? res.json() : Promise.reject(new Error(`session: HTTP ${res.status}`))))
    .then((data: unknown) => set(viewerFromSession(data)))
    // A failed read shows the signed-out header; the pages behind it still check on the server.
    .catch(() => set(SIGNED_OUT))
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!started) {
    started = true;
    void load();
    onStorageKeyChange(VIEWER_CHANGED_KEY, () => void load());
  }
  return () => listeners.delete(listener);
}

/** After sign-in or sign-out on this page: read the session again here, and tell the other tabs to. */
export function notifyViewerChanged(): void {
  try {
    localStorage.setItem(VIEWER_CHANGED_KEY, String(Date.now()));
  } catch {
    // Other tabs then catch up on their next load.
  }
  if (started) void load();
}

export function useViewer(): Viewer {
  return useSyncExternalStore(
    subscribe,
    () => current,
    () => LOADING,
  );
}
