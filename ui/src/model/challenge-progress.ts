//! Which challenges are won, as it is remembered between launches (a file the
//! app keeps, and a copy in the webview's localStorage: app/challenge.ts). Stored as a JSON list of
//! ids; anything else read back (an older format, a hand edit) counts as
//! nothing won rather than breaking the view.

export const PROGRESS_KEY = "interleave.challenges.won";

export function parseProgress(text: string | null): Set<string> {
  if (text === null) return new Set();
  try {
    const v: unknown = JSON.parse(text);
    if (!Array.isArray(v)) return new Set();
    return new Set(v.filter((x): x is string => typeof x === "string"));
  } catch {
    return new Set();
  }
}

/** Sorted, so the stored text is the same whatever order the wins came in. */
export function progressText(won: ReadonlySet<string>): string {
  return JSON.stringify([...won].sort());
}

/** How many of `ids` are won: the set's own count would include challenges no longer offered. */
export function wonCount(won: ReadonlySet<string>, ids: readonly string[]): number {
  return ids.filter((id) => won.has(id)).length;
}
