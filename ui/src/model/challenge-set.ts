//! The built-in challenges, as data. A TypeScript module rather than a TOML
//! file: the goal's kinds, anomaly names and strategies are the bindings'
//! types, so tsc refuses a misspelt one, and the UI needs no TOML parser.
//! `challenge-set.test.ts` checks every claim against the real explorer's
//! output for its scenario (and that no start already wins); e2e checks the
//! "can't be done" answers against the explorer in the app.
//!
//! Each "can" challenge starts from a serial schedule (each user's steps
//! together), which meets none of these goals, so the learner must reorder.
//! One challenge per strategy has the answer "it can't be done".
import type { Challenge } from "./challenge";

const LOST_UPDATE = "builtin:lost-update.toml";
const WRITE_SKEW = "builtin:write-skew.toml";
const BALANCE = { table: "account", key: "id", value: 1, column: "balance" } as const;

const AB2 = ["Alice", "Alice", "Bob", "Bob"];
const A3B2 = ["Alice", "Alice", "Alice", "Bob", "Bob"];

export const CHALLENGES: readonly Challenge[] = [
  {
    id: "lost-update-vanish",
    scenario: LOST_UPDATE,
    strategy: "none",
    start: AB2,
    goal: { kind: "final", cell: BALANCE, equals: 130 },
    title: "Make Alice's deposit vanish",
    claim: "can",
  },
  {
    id: "lost-update-both-vanish",
    scenario: LOST_UPDATE,
    strategy: "none",
    start: AB2,
    goal: { kind: "final", cell: BALANCE, equals: 100 },
    title: "Make both deposits vanish, or prove it can't be done",
    claim: "cannot",
  },
  {
    id: "lost-update-atomic",
    scenario: LOST_UPDATE,
    strategy: "atomic",
    start: AB2,
    goal: { kind: "final_differs", cell: BALANCE, from: 180 },
    title: "Lose a deposit with atomic updates, or prove it can't be done",
    claim: "cannot",
  },
  {
    id: "lost-update-pessimistic",
    scenario: LOST_UPDATE,
    strategy: "pessimistic",
    start: AB2,
    goal: { kind: "finding", anomaly: "lost_update" },
    title: "Get a lost update past pessimistic locking, or prove it can't be done",
    claim: "cannot",
  },
  {
    id: "lost-update-optimistic",
    scenario: LOST_UPDATE,
    strategy: "optimistic",
    start: AB2,
    goal: { kind: "invariant_fails" },
    title: "Make the invariant fail under optimistic, or prove it can't be done",
    claim: "cannot",
  },
  {
    id: "lost-update-transaction",
    scenario: LOST_UPDATE,
    strategy: "transaction",
    start: AB2,
    goal: { kind: "finding", anomaly: "lost_update" },
    title: "Get a lost update past a transaction, or prove it can't be done",
    claim: "cannot",
  },
  {
    id: "counter-atomic-nonrepeatable",
    scenario: "builtin:counter.toml",
    strategy: "atomic",
    start: AB2,
    goal: { kind: "finding", anomaly: "non_repeatable_read" },
    title: "The count stays right under atomic: make a user's read go stale anyway",
    claim: "can",
  },
  {
    id: "raw-bound-atomic",
    scenario: "builtin:raw-bound.toml",
    strategy: "atomic",
    start: AB2,
    goal: { kind: "finding", anomaly: "lost_update" },
    title: "Make a sale vanish from the stock, even under atomic",
    claim: "can",
  },
  {
    id: "write-skew-none",
    scenario: WRITE_SKEW,
    strategy: "none",
    start: AB2,
    goal: { kind: "invariant_fails" },
    title: "Get both doctors off call",
    claim: "can",
  },
  {
    id: "write-skew-optimistic",
    scenario: WRITE_SKEW,
    strategy: "optimistic",
    start: AB2,
    goal: { kind: "invariant_fails" },
    title: "Get both doctors off call under optimistic, or prove it can't be done",
    claim: "can",
  },
  {
    id: "write-skew-transaction",
    scenario: WRITE_SKEW,
    strategy: "transaction",
    start: AB2,
    goal: { kind: "invariant_fails" },
    title: "Get both doctors off call under transaction, or prove it can't be done",
    claim: "cannot",
  },
  {
    id: "write-skew-three",
    scenario: "builtin:write-skew-three.toml",
    strategy: "none",
    start: ["Alice", "Alice", "Bob", "Bob", "Carol", "Carol"],
    goal: { kind: "invariant_fails" },
    title: "Get all three doctors off call",
    claim: "can",
  },
  {
    id: "booking-twice",
    scenario: "builtin:booking.toml",
    strategy: "none",
    start: AB2,
    goal: { kind: "invariant_fails" },
    title: "Book room 1 twice for Monday",
    claim: "can",
  },
  {
    id: "username-optimistic",
    scenario: "builtin:username-claim.toml",
    strategy: "optimistic",
    start: A3B2,
    goal: { kind: "invariant_fails" },
    title: "Give the name 'sam' to two people, even under optimistic",
    claim: "can",
  },
  {
    id: "stale-read",
    scenario: "builtin:stale-read.toml",
    strategy: "none",
    start: A3B2,
    goal: { kind: "finding", anomaly: "stale_read" },
    title: "Make Alice price her order from an old price",
    claim: "can",
  },
  {
    id: "non-repeatable-optimistic",
    scenario: "builtin:non-repeatable-read.toml",
    strategy: "optimistic",
    start: A3B2,
    goal: { kind: "finding", anomaly: "non_repeatable_read" },
    title: "Make Alice read two different balances under optimistic",
    claim: "can",
  },
  {
    id: "phantom-read",
    scenario: "builtin:phantom-read.toml",
    strategy: "none",
    start: A3B2,
    goal: { kind: "finding", anomaly: "phantom_read" },
    title: "Make a doctor appear between Alice's two counts",
    claim: "can",
  },
  {
    id: "read-skew",
    scenario: "builtin:read-skew.toml",
    strategy: "none",
    start: ["Alice", "Alice", "Bob", "Bob", "Bob", "Bob"],
    goal: { kind: "finding", anomaly: "read_skew" },
    title: "Make Alice see money that does not exist",
    claim: "can",
  },
  {
    id: "delete-while-edit",
    scenario: "builtin:delete-while-edit.toml",
    strategy: "none",
    start: AB2,
    goal: { kind: "finding", anomaly: "read_skew" },
    title: "Make Alice save her edit to a task Bob has deleted",
    claim: "can",
  },
  {
    id: "two-transactions-give-up",
    scenario: "builtin:two-transactions.toml",
    strategy: "transaction",
    start: ["Alice", "Alice", "Alice", "Alice", "Alice", "Bob", "Bob"],
    goal: { kind: "outcome", outcome: "gave_up" },
    title: "Make someone give up under transaction",
    claim: "can",
  },
];

export function challengeById(id: string): Challenge | null {
  return CHALLENGES.find((c) => c.id === id) ?? null;
}
