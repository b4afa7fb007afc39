/**
 * The common-password list for the browser's hints, loaded on first focus of a new-password
 * field: it is ~14 kB of JSON, so it is its own chunk and stays out of every page's first
 * load (docs/decisions/017-first-load-javascript.md). The server reads the same file
 * (./auth.ts); source and licence: ./common-passwords.md.
 */
let loading: Promise<ReadonlySet<string> | null> | null = null;

/** The list, or null if it could not be loaded (the hint then skips that check; the server still makes it). */
export function loadCommonPasswords(): Promise<ReadonlySet<string> | null> {
  loading ??= import("./common-passwords.json")
    .then((module): ReadonlySet<string> => new Set(module.default))
    .catch(() => {
      loading = null; // try again on the next focus
      return null;
    });
  return loading;
}
