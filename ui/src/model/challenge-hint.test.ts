import { describe, expect, it } from "vitest";
import type { ExploreReport } from "../bindings/ExploreReport";
import type { RunReport } from "../bindings/RunReport";
import { challengeHint, nearestWinner } from "./challenge-hint";
import { challengeById } from "./challenge-set";
import { hintText } from "./challenge-text";
import exploreJson from "./challenge-samples/explore-lost-update.json";
import serialJson from "./challenge-samples/run-lost-update-none-serial.json";
import serialAtomicJson from "./challenge-samples/run-lost-update-atomic-serial.json";
import { none, pessimistic } from "./samples.test-data";

const explored = exploreJson as unknown as ExploreReport;
// Alice reads and saves, then Bob: the learner's starting point for "make Alice's deposit vanish".
const serial = serialJson as unknown as RunReport;
const serialAtomic = serialAtomicJson as unknown as RunReport;

function challenge(id: string) {
  const c = challengeById(id);
  if (!c) throw new Error(id);
  return c;
}

describe("a hint from the explorer", () => {
  it("counts the winning executions and names the learner's turn to move: Bob's read", () => {
    const h = challengeHint(challenge("lost-update-vanish"), explored, serial);
    expect(h).toEqual({
      wins: 2,
      total: 6,
      move: { seq: 3, user: "Bob", step: 1, label: "read balance", by: 1 },
    });
    if (!h) return;
    expect(hintText(h)).toBe(
      "2 of 6 interleavings win; try moving Bob's step 1 (read balance) earlier.",
    );
  });

  it("names no move when the learner's run already is a winner", () => {
    const h = challengeHint(challenge("lost-update-vanish"), explored, none);
    expect(h?.move).toBeNull();
    expect(h?.wins).toBe(2);
  });

  it("names no move from a run under another strategy, only the challenge's share", () => {
    // The learner pressed 2: the serial schedule, under atomic, during the challenge under none.
    expect(challenge("lost-update-vanish").strategy).toBe("none");
    expect(serialAtomic.schedule).toEqual(serial.schedule);
    const h = challengeHint(challenge("lost-update-vanish"), explored, serialAtomic);
    expect(h).toEqual({ wins: 2, total: 6, move: null });
  });

  it("says nothing wins when nothing does, and names no move", () => {
    const h = challengeHint(challenge("lost-update-pessimistic"), explored, pessimistic);
    expect(h).toEqual({ wins: 0, total: 4, move: null });
    if (h) expect(hintText(h)).toBe("None of the 4 interleavings wins.");
  });

  it("has nothing to say when the strategy was not explored", () => {
    const one: ExploreReport = { ...explored, strategies: [] };
    expect(challengeHint(challenge("lost-update-vanish"), one, serial)).toBeNull();
  });

  it.each([
    // The winner that agrees longest with the learner's schedule; ties go to the first listed.
    [
      [
        [1, 0],
        [0, 1, 1],
      ],
      ["A", "B", "A"],
      ["A", "B", "B"],
    ],
    [
      [
        [1, 0],
        [1, 1],
      ],
      ["A", "A"],
      ["B", "A"],
    ],
    [[], ["A"], null],
  ])("nearest of %j to %j is %j", (winners, mine, want) => {
    expect(nearestWinner(winners, ["A", "B"], mine)).toEqual(want);
  });

  it("counts how far the turn must go when it is further away", () => {
    // Winner B A B A against A A B B: Bob's first turn is two turns late.
    const h = challengeHint(
      challenge("lost-update-vanish"),
      {
        ...explored,
        strategies: explored.strategies.map((s) =>
          s.strategy !== "none"
            ? s
            : {
                ...s,
                classes: s.classes.map((c) => ({
                  ...c,
                  representative: [1, 0, 1, 0],
                  schedules: [],
                })),
              },
        ),
      },
      serial,
    );
    expect(h?.move).toMatchObject({ user: "Bob", seq: 3, by: 2 });
    if (h) expect(hintText(h)).toMatch(/earlier by 2 turns\.$/);
  });
});
