//! How a finding reads in the panel: its class's meaning, and which strategies
//! prevent it. Every fact is the engine's (`class`, `prevented_by`); this only
//! words them.
import type { AnomalyClass } from "../bindings/AnomalyClass";
import type { AnomalyKind } from "../bindings/AnomalyKind";
import type { Finding } from "../bindings/Finding";
import { STRATEGY_TEXT } from "./values";

/** What each Adya class means, for the class tag's tooltip. */
export const CLASS_HINT: Record<AnomalyClass, string> = {
  G0: "a cycle of write-write edges only",
  G1a: "a committed unit read a version whose writer aborted",
  G1b: "a committed unit read a version that was not its writer's final one",
  G1c: "a cycle of write-write and write-read edges",
  "G-single": "a cycle with exactly one anti-dependency (rw) edge",
  "G2-item": "a cycle with two or more anti-dependency edges on items",
  G2: "a cycle with two or more anti-dependency edges, one on a predicate",
};

/**
 * What to say when no strategy's guarantees rule a kind out, where there is
 * something true to say; otherwise the line is left out.
 */
const NOT_PREVENTED: Partial<Record<AnomalyKind, string>> = {
  dirty_read:
    "no strategy here. It takes a connection that reads uncommitted data (shared cache with read_uncommitted); without one it cannot happen.",
};

/** The strategies in `prevented_by`, as the strategy picker names them, in lower case. */
export function preventedByNames(f: Finding): string[] {
  return f.prevented_by.map((s) => STRATEGY_TEXT[s].toLowerCase());
}

/** What follows "Prevented by: ", or null to leave the line out. */
export function preventionText(f: Finding): string | null {
  const names = preventedByNames(f);
  if (names.length > 0) return names.join(", ");
  return NOT_PREVENTED[f.kind] ?? null;
}
