// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { buildTimeline, FULL_LAYOUT } from "../model/timeline";
import { measurer } from "./measure";
import { LABEL_PX_LARGE } from "./timeline-steps";
import { playheadView } from "../model/playhead";
import * as s from "../model/samples.test-data";
import { drawTimeline } from "./timeline";
import { drawCompare } from "./compare";
import { render, type TemplateResult } from "lit-html";
import type { RunReport } from "../bindings/RunReport";
import { revealAt, revealTimeline } from "../model/reveal";
import { beliefsPanelTemplate, dbPanelTemplate } from "./panels";
import { findingsTemplate } from "./findings";
import { detailsTemplate } from "./details";

/** A template's top-level elements, rendered into a detached element. */
function elements(tpl: TemplateResult): HTMLElement[] {
  const host = document.createElement("div");
  render(tpl, host);
  return [...host.children] as HTMLElement[];
}
const drawDbPanel = (...a: Parameters<typeof dbPanelTemplate>) => elements(dbPanelTemplate(...a));
const drawBeliefsPanel = (...a: Parameters<typeof beliefsPanelTemplate>) =>
  elements(beliefsPanelTemplate(...a));
/** The findings panel with the playhead at step `seq` (1-based), revealed as it happens unless `all`. */
const drawFindings = (
  r: RunReport,
  seq: number,
  on: Parameters<typeof findingsTemplate>[2],
  all = false,
) => elements(findingsTemplate(r, revealAt(r, seq - 1, all), on));
const drawDetails = (...a: Parameters<typeof detailsTemplate>) => elements(detailsTemplate(...a));

const opts = { index: 0, selected: null, compact: false, findingNames: [], draggable: false };

describe("timeline SVG", () => {
  it("draws one hook per event with its seq, user and outcome", () => {
    const svg = drawTimeline(buildTimeline(s.optimistic), opts);
    const events = [...svg.querySelectorAll("[data-testid=event]")];
    expect(
      events.map((e) => [
        e.getAttribute("data-seq"),
        e.getAttribute("data-user"),
        e.getAttribute("data-outcome"),
      ]),
    ).toEqual([
      ["1", "Alice", "ok"],
      ["2", "Bob", "ok"],
      ["3", "Alice", "ok"],
      ["4", "Bob", "conflict"],
      ["5", "Bob", "ok"],
      ["6", "Bob", "ok"],
    ]);
    expect(events[3].classList.contains("mark-conflict")).toBe(true);
    expect(events[4].classList.contains("mark-retry")).toBe(true);
  });

  it("fades the future and marks the playhead step", () => {
    const svg = drawTimeline(buildTimeline(s.none), { ...opts, index: 1 });
    const cls = [...svg.querySelectorAll("[data-testid=event]")].map((e) =>
      ["past", "now", "future"].find((c) => e.classList.contains(c)),
    );
    expect(cls).toEqual(["past", "now", "future", "future"]);
  });

  it("draws the anomaly badges, the blocked bar and the arrows", () => {
    expect(drawTimeline(buildTimeline(s.none), opts).querySelectorAll(".g-anomaly")).toHaveLength(
      3,
    );
    expect(
      drawTimeline(buildTimeline(s.pessimistic), opts).querySelectorAll(".blocked-bar"),
    ).toHaveLength(1);
    const svg = drawTimeline(buildTimeline(s.transaction), opts);
    expect(svg.querySelectorAll(".arrow-retry")).toHaveLength(1);
    expect(svg.querySelectorAll(".arrow-reads_from")).toHaveLength(1);
    expect(svg.querySelector(".mark-busy")?.getAttribute("data-outcome")).toBe("busy_snapshot");
  });

  it("strikes through undone steps, not the ROLLBACK itself", () => {
    const svg = drawTimeline(buildTimeline(s.dirty), opts);
    // Alice's UPDATE was rolled back: struck through, with the Ø mark.
    expect(svg.querySelector('[data-seq="3"] .strike')).not.toBeNull();
    expect(svg.querySelector('[data-seq="3"] .g-rolled_back')).not.toBeNull();
    // The ROLLBACK step carries the mark but is not cancelled.
    expect(svg.querySelector('[data-seq="5"] .strike')).toBeNull();
    expect(svg.querySelector('[data-seq="5"] .g-rolled_back')).not.toBeNull();
    // Busy and undone: both marks on the corner.
    const busy = drawTimeline(buildTimeline(s.transaction), opts).querySelector('[data-seq="4"]')!;
    expect(busy.querySelector(".g-busy")).not.toBeNull();
    expect(busy.querySelector(".g-rolled_back")).not.toBeNull();
  });

  it("labels a wait once, in the blocked step's box", () => {
    const svg = drawTimeline(buildTimeline(s.transactionDelete), opts);
    expect(svg.querySelectorAll(".blocked-bar text")).toHaveLength(0);
    const outcome = [...svg.querySelectorAll('[data-seq="3"] .step-outcome')]
      .map((e) => e.textContent)
      .join(" ");
    expect(outcome).toContain("COMMIT waits");
  });

  it("lane labels name every user and the database", () => {
    const svg = drawTimeline(buildTimeline(s.deadlock), opts);
    expect([...svg.querySelectorAll(".lane-label")].map((e) => e.textContent)).toEqual([
      "T1",
      "T2",
      "Database",
    ]);
    expect(svg.querySelector(".deadlock-mark")).not.toBeNull();
  });

  it("fits presentation's larger words to their boxes in that size", () => {
    const large = measurer(LABEL_PX_LARGE);
    let lines = 0;
    for (const r of [s.none, s.optimistic, s.deadlock, s.writeSkew])
      for (const width of [620, 800, 1000]) {
        const t = buildTimeline(r, { ...FULL_LAYOUT, width });
        const svg = drawTimeline(t, { ...opts, large: true, index: t.columns.length - 1 });
        expect(svg.classList.contains("large")).toBe(true);
        for (const g of svg.querySelectorAll(".step, .dbbox")) {
          const box = g.querySelector(".step-box, .dbbox-rect");
          if (!box) continue;
          // The box keeps 3 px on its right clear of words.
          const room = Number(box.getAttribute("x")) + Number(box.getAttribute("width")) - 3;
          for (const line of g.querySelectorAll(".step-label, .db-change")) {
            const text = line.textContent ?? "";
            expect(Number(line.getAttribute("x")) + large(text), text).toBeLessThanOrEqual(room);
            lines++;
          }
        }
      }
    expect(lines).toBeGreaterThan(50);
  });
});

describe("steps as controls", () => {
  it("draws steps not reached as placeholders saying nothing of what they did", () => {
    const reveal = revealAt(s.none, 0, false);
    const t = revealTimeline(buildTimeline(s.none), reveal);
    const svg = drawTimeline(t, { ...opts, placeholders: t.placeholders }, { onSelect: () => {} });
    const bob = svg.querySelector<SVGGElement>('[data-testid=event][data-seq="4"]')!;
    expect(bob.dataset.placeholder).toBe("true");
    expect(bob.querySelector(".step-label")).toBeNull();
    expect(bob.textContent).toBe("Step 4, Bob: not reached yet");
    expect(svg.textContent).not.toContain("130");
    expect(svg.querySelectorAll(".g-anomaly")).toHaveLength(0);
    // Step 1 is drawn whole.
    const alice = svg.querySelector('[data-testid=event][data-seq="1"]')!;
    expect(alice.getAttribute("data-placeholder")).toBeNull();
    expect(alice.querySelector(".step-label")).not.toBeNull();
  });

  it("lets Tab reach every step, Enter open it and Alt+arrows move its turn", () => {
    const selected: number[] = [];
    const moved: [number, number][] = [];
    const t = revealTimeline(buildTimeline(s.none), revealAt(s.none, 1, false));
    const svg = drawTimeline(
      t,
      { ...opts, placeholders: t.placeholders },
      {
        onSelect: (seq) => seq !== null && selected.push(seq),
        onMove: (seq, d) => moved.push([seq, d]),
      },
    );
    const steps = [...svg.querySelectorAll<SVGGElement>("[data-testid=event]")];
    expect(steps.map((g) => g.getAttribute("tabindex"))).toEqual(["0", "0", "0", "0"]);
    expect(steps.map((g) => g.getAttribute("role"))).toEqual([
      "button",
      "button",
      "button",
      "button",
    ]);
    expect(steps[1].getAttribute("aria-label")).toContain("Step 2, Bob");
    const press = (g: SVGGElement, key: string, altKey = false) =>
      g.dispatchEvent(
        new KeyboardEvent("keydown", { key, altKey, bubbles: true, cancelable: true }),
      );
    press(steps[1], "Enter");
    press(steps[3], "Enter");
    press(steps[1], "ArrowLeft", true);
    press(steps[0], "ArrowRight", true);
    // A plain arrow is the page's (step the playhead): the step leaves it alone.
    press(steps[0], "ArrowRight");
    expect(selected).toEqual([2, 4]);
    expect(moved).toEqual([
      [2, -1],
      [1, 1],
    ]);
  });
});

describe("panels", () => {
  it("show exactly the event's recorded state", () => {
    const db = drawDbPanel(playheadView(s.none, 3))
      .map((e) => e.textContent)
      .join("");
    expect(db).toContain("130");
    expect(db).not.toContain("150");
    const beliefs = drawBeliefsPanel(playheadView(s.none, 2));
    const text = beliefs.map((e) => e.textContent).join("|");
    expect(text).toContain("Alice");
    expect(beliefs[1].querySelector(".stale .stale-tag")?.textContent).toBe("stale");
  });

  const noop = { onShowEvent: () => {}, onReach: () => {} };

  it("lists findings with their kind, class, sentence, edges and what prevents them", () => {
    const els = drawFindings(s.none, 4, noop);
    const f = els.find((e) => e.getAttribute("data-testid") === "finding")!;
    const finding = s.none.findings[0];
    expect(f.getAttribute("data-kind")).toBe("lost_update");
    expect(f.getAttribute("data-reached")).toBe("true");
    expect(f.querySelector(".finding-kind")?.textContent).toBe("Lost update");
    // The class as the engine names it.
    expect(f.querySelector(".class-tag")?.textContent).toBe("G-single");
    expect(f.querySelector(".class-tag")?.getAttribute("title")).toContain("one anti-dependency");
    expect(f.querySelector(".explanation")?.textContent).toBe(finding.explanation);
    // One line per edge of the cycle, under the sentence.
    const edges = [...f.querySelectorAll(".finding-edges li")].map((li) => li.textContent);
    expect(edges).toEqual(finding.steps);
    expect(edges).toHaveLength(finding.cycle.length);
    expect(edges[0]).toContain("Bob → Alice");
    expect(f.querySelector("[data-testid=prevented-by]")?.textContent).toBe(
      "Prevented by: atomic, pessimistic, optimistic, transaction",
    );
    expect(f.querySelector("details")).toBeNull();
  });

  it("says when no strategy prevents a finding, or leaves the line out", () => {
    const [, dirty] = drawFindings(s.dirty, 5, noop);
    expect(s.dirty.findings[0].prevented_by).toEqual([]);
    expect(dirty.querySelector(".class-tag")?.textContent).toBe("G1a");
    expect(dirty.querySelector("[data-testid=prevented-by]")?.textContent).toContain(
      "no strategy here",
    );
    // New kinds have their titles; with nothing to say about prevention the line is left out.
    const circular = {
      ...s.none,
      findings: [
        {
          ...s.none.findings[0],
          kind: "circular_information_flow" as const,
          class: "G1c" as const,
          prevented_by: [],
        },
      ],
    };
    const [, f] = drawFindings(circular, 4, noop);
    expect(f.querySelector(".finding-kind")?.textContent).toBe("Circular information flow");
    expect(f.querySelector("[data-testid=prevented-by]")).toBeNull();
    const dirtyWrite = {
      ...circular,
      findings: [{ ...circular.findings[0], kind: "dirty_write" as const, class: "G0" as const }],
    };
    expect(drawFindings(dirtyWrite, 4, noop)[1].querySelector(".finding-kind")?.textContent).toBe(
      "Dirty write",
    );
  });

  it("shows nothing of a finding, or of the run's outcome, before its step", () => {
    let reached = 0;
    const on = { onShowEvent: () => {}, onReach: (seq: number) => (reached = seq) };
    const explanation = s.none.findings[0].explanation;
    for (const seq of [1, 2, 3]) {
      const els = drawFindings(s.none, seq, on);
      const text = els.map((e) => e.textContent).join(" ");
      expect(els.some((e) => e.getAttribute("data-testid") === "finding")).toBe(false);
      expect(text).not.toContain(explanation);
      expect(text).not.toContain("Lost update");
      expect(text).not.toContain(s.none.verdict);
      expect(els[0].getAttribute("data-outcome")).toBe("later");
      expect(els[1].textContent).toBe("Nothing found so far.");
    }
    // "Go there" goes to the last step, where the whole run's outcome is told.
    drawFindings(s.none, 1, on)[0].querySelector<HTMLButtonElement>("button")!.click();
    expect(reached).toBe(4);
    // At the step where its cycle closes, the finding and the outcome appear.
    const at4 = drawFindings(s.none, 4, on);
    expect(at4.find((e) => e.getAttribute("data-testid") === "finding")?.textContent).toContain(
      explanation,
    );
    expect(at4[0].getAttribute("data-outcome")).toBe("anomaly");
    // "Show the whole run" shows it all at step 1.
    const all = drawFindings(s.none, 1, on, true);
    expect(all[0].getAttribute("data-outcome")).toBe("anomaly");
    expect(all.map((e) => e.textContent).join(" ")).toContain(explanation);
  });

  it("puts the engine's verdict first, labelled as the whole run's", () => {
    const [outcome] = drawFindings(s.transaction, s.transaction.events.length, noop);
    expect(outcome.getAttribute("data-testid")).toBe("run-outcome");
    expect(outcome.textContent).toContain("Whole run");
    expect(outcome.getAttribute("data-outcome")).toBe("correct");
    expect(outcome.querySelector(".run-outcome-text")?.textContent).toBe("Correct");
    expect(outcome.querySelector("[data-testid=verdict]")?.textContent).toBe(s.transaction.verdict);
  });

  it("leaves an anomaly's count to the tooltip, so the findings get the room", () => {
    const [outcome] = drawFindings(s.none, 4, noop);
    expect(outcome.querySelector(".run-outcome-text")?.textContent).toBe("Lost update (G-single)");
    expect(outcome.querySelector("[data-testid=verdict]")).toBeNull();
    expect(outcome.getAttribute("title")).toBe(s.none.verdict);
    expect(outcome.querySelector(".facts li")?.getAttribute("title")).toContain("Invariant broken");
  });

  it("headlines a deadlock, never as all clear", () => {
    const [outcome] = drawFindings(s.deadlock, 7, noop);
    expect(outcome.getAttribute("data-outcome")).toBe("deadlock");
    expect(outcome.classList.contains("bad")).toBe(true);
    expect(outcome.querySelector(".run-outcome-text")?.textContent).toBe("Deadlock");
    expect(outcome.textContent).not.toContain("Correct");
    expect(outcome.textContent).toContain("each wait for a lock");
  });

  it("details show SQL, reads with their source, and the error", () => {
    const text = drawDetails(s.optimistic, s.optimistic.events[3], () => {})
      .map((e) => e.textContent)
      .join(" ");
    expect(text).toContain("WHERE (id = 1) AND (version = 0)");
    expect(text).toContain("0 rows changed");
    const read = drawDetails(s.optimistic, s.optimistic.events[4], () => {})
      .map((e) => e.textContent)
      .join(" ");
    expect(read).toContain("balance = 150");
    expect(read).toContain("from step 3");
    expect(read).toContain("Retries step 4");
  });

  it("gives what the step meant beside what was sent: box, tooltip and details", () => {
    const svg = drawTimeline(buildTimeline(s.none), opts);
    const bob = svg.querySelectorAll("[data-testid=event]")[3];
    expect(bob.querySelector(".step-label")?.textContent).toContain("balance = 130");
    const tip = bob.querySelector("title")?.textContent ?? "";
    expect(tip).toContain("#4 Bob: write balance = balance + 30");
    expect(tip).toContain("Sent: UPDATE account SET balance = 130 WHERE id = 1");
    const text = drawDetails(s.none, s.none.events[3], () => {})
      .map((e) => e.textContent)
      .join(" ");
    expect(text).toContain("Stepwrite balance = balance + 30");
    expect(text).toContain("SQL sentUPDATE account SET balance = 130 WHERE id = 1");
    // A raw SQL step is its statement: said once.
    const raw = drawDetails(s.deadlock, s.deadlock.events[4], () => {})
      .map((e) => e.textContent)
      .join(" ");
    expect(raw).not.toContain("Stepupdate");
    const rawTip = drawTimeline(buildTimeline(s.deadlock), opts)
      .querySelectorAll("[data-testid=event]")[4]
      .querySelector("title")?.textContent;
    expect(rawTip).not.toContain("Sent:");
  });

  it("details say which statement failed, with SQLite's code", () => {
    const els = drawDetails(s.transaction, s.transaction.events[3], () => {});
    const text = els.map((e) => e.textContent).join(" ");
    expect(text).toContain("SQLITE_BUSY_SNAPSHOT 517");
    expect(text).toContain("Started over at step 5");
    const failed = els
      .flatMap((e) => [...e.querySelectorAll(".sql-failed")])
      .map((e) => e.textContent);
    expect(failed).toEqual(["UPDATE account SET balance = 130 WHERE id = 1;\n"]);
    const wait = drawDetails(s.pessimistic, s.pessimistic.events[3], () => {})
      .map((e) => e.textContent)
      .join(" ");
    expect(wait).toContain("Tries again after waiting at step 2");
    expect(wait).not.toContain("Retries");
  });
});

describe("compare", () => {
  it("stacks one row per strategy with a badge", () => {
    const el = drawCompare(
      [s.none, s.atomic, s.pessimistic, s.optimistic, s.transaction],
      2,
      1000,
      { strategy: "none", journal: "wal" },
      { onPick: () => {} },
    );
    const rows = [...el.querySelectorAll("[data-testid=compare-row]")];
    expect(rows.map((r) => r.getAttribute("data-strategy"))).toEqual([
      "none",
      "atomic",
      "pessimistic",
      "optimistic",
      "transaction",
    ]);
    expect(rows.map((r) => r.querySelector("[data-testid=badge]")!.textContent)).toEqual([
      expect.stringContaining("balance 130"),
      expect.stringContaining("balance 180"),
      expect.stringContaining("1 blocked"),
      expect.stringContaining("1 conflict"),
      expect.stringContaining("1 retry"),
    ]);
    expect(rows[0].textContent).toContain("Lost update (G-single)");
    expect(rows[1].textContent).toContain("Non-repeatable read (G-single)");
    expect(
      rows.map((r) => r.querySelector("[data-testid=badge]")!.getAttribute("data-outcome")),
    ).toEqual(["anomaly", "anomaly", "correct", "correct", "correct"]);
    expect(rows[2].querySelector(".badge-verdict")!.textContent).toBe("Correct");
    expect(rows[4].querySelector("[data-testid=badge]")!.getAttribute("title")).toBe(
      s.transaction.verdict,
    );
    expect(rows.map((r) => r.getAttribute("data-journal"))).toEqual([
      "wal",
      "wal",
      "wal",
      "wal",
      "wal",
    ]);
  });

  it("names raw-SQL rows by journal and opens the row's journal", () => {
    const picked: string[] = [];
    const wal = { ...s.deadlock, journal: "wal" as const };
    const el = drawCompare(
      [wal, s.deadlock],
      0,
      1000,
      { strategy: "as_written", journal: "delete" },
      { onPick: (st, j) => picked.push(`${st}|${j}`) },
    );
    const rows = [...el.querySelectorAll("[data-testid=compare-row]")];
    expect(
      rows.map((r) => [
        r.getAttribute("data-strategy"),
        r.getAttribute("data-journal"),
        r.querySelector(".compare-name")!.textContent,
      ]),
    ).toEqual([
      ["as_written", "wal", "As written · WAL"],
      ["as_written", "delete", "As written · rollback journal"],
    ]);
    expect(rows.map((r) => r.classList.contains("current"))).toEqual([false, true]);
    rows[0].querySelector<HTMLButtonElement>(".compare-name")!.click();
    expect(picked).toEqual(["as_written|wal"]);
  });

  it("keeps each anomaly in a compare badge whole", () => {
    const el = drawCompare(
      [s.writeSkew],
      0,
      1000,
      { strategy: "none", journal: "wal" },
      { onPick: () => {} },
    );
    const whole = [...el.querySelectorAll(".badge-verdict .nowrap")].map((e) => e.textContent);
    expect(whole).toContain("Write skew (G2-item)");
    expect(el.querySelector(".badge-final")!.textContent).toBe("on_call: alice 0 · bob 0");
  });
});
