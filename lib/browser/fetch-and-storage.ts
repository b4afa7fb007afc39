/**
 * Sends JSON to one of the app's API routes and reads the JSON answer. Every route answers
 * errors as `{ error }` with a 4xx, so a failed call comes back as `{ ok: false, error }`
 * with the server's message; only a network failure throws.
 */
export async function sendJson<T>(url: string, method: "POST" | "PUT", body?: unknown): Promise<{ ok: true; data: T } | { ok: false; status: number; error: string }> {
  const res = await fetch(url, {
    method,
    // Always JSON, even without a payload: the API refuses other content types (lib/web/request-guard.ts).
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body ?? {}),
  });
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    // Not JSON (a proxy error page, say): fall back to the status text below.
  }
  if (!res.ok) return { ok: false, status: res.status, error: (data as { error?: string } | null)?.error ?? (res.statusText || `HTTP ${res.status}`) };
  return { ok: true, data: data as T };
}

/** Calls `listener` when another tab changes `key` in localStorage. Returns the unsubscribe function. */
export function onStorageKeyChange(key: string, listener: () => void): () => void {
  const onStorage = (event: StorageEvent) => {
    if (event.key === key) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => window.removeEventListener("storage", onStorage);
}
