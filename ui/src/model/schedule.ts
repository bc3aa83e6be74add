//! Editing the interleaving: move one turn earlier or later.
//!
//! A schedule is a list of user names, one per turn taken (RunReport.schedule),
//! so turn i is event seq i + 1. A user's own turns keep their order; moving a
//! turn earlier means one fewer turn of another user happens before it. So the
//! nearest earlier turn of someone else moves to just after this user's run of
//! turns (and symmetrically for later).

export interface Moved {
  schedule: string[];
  /** Where the moved turn now is (0-based). */
  index: number;
}

export function moveTurn(
  schedule: readonly string[],
  index: number,
  direction: -1 | 1,
): Moved | null {
  if (index < 0 || index >= schedule.length) return null;
  const user = schedule[index];
  const out = [...schedule];
  if (direction < 0) {
    let j = index - 1;
    while (j >= 0 && out[j] === user) j--;
    if (j < 0) return null;
    const [other] = out.splice(j, 1);
    out.splice(index, 0, other);
    return { schedule: out, index: index - 1 };
  }
  let k = index + 1;
  while (k < out.length && out[k] === user) k++;
  if (k >= out.length) return null;
  const [other] = out.splice(k, 1);
  out.splice(index, 0, other);
  return { schedule: out, index: index + 1 };
}

/** Moves a turn by several columns (a drag); stops at the ends. */
export function moveTurnBy(
  schedule: readonly string[],
  index: number,
  delta: number,
): Moved | null {
  let cur: Moved | null = null;
  let sched = [...schedule];
  let at = index;
  const dir: -1 | 1 = delta < 0 ? -1 : 1;
  for (let n = 0; n < Math.abs(delta); n++) {
    const next = moveTurn(sched, at, dir);
    if (!next) break;
    cur = next;
    sched = next.schedule;
    at = next.index;
  }
  return cur;
}

export function sameSchedule(a: readonly string[] | null, b: readonly string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Compact form for the toolbar: "A B A B". */
export function scheduleText(schedule: readonly string[]): string {
  return schedule.join(" · ");
}
