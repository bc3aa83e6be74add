// @vitest-environment happy-dom
import { render } from "lit-html";
import { describe, expect, it } from "vitest";
import type { RunReport } from "../bindings/RunReport";
import { graphView } from "../model/graph";
import * as g from "../model/graph-samples.test-data";
import * as s from "../model/samples.test-data";
import { fitTo, graphTemplate } from "./graph";

function draw(r: RunReport, step: number, size: "panel" | "full" | "small" = "panel") {
  const host = document.createElement("div");
  document.body.append(host);
  render(graphTemplate(graphView(r, step - 1, { revealAll: false }), size), host);
  return host;
}
const edges = (host: HTMLElement) =>
  [...host.querySelectorAll(".dep-edge")].map(
    (e) => `${e.getAttribute("data-kind")}${e.getAttribute("data-on-cycle") === "true" ? "*" : ""}`,
  );

describe("graphTemplate", () => {
  it("lost update: no cycle at step 3, the rw and ww cycle at step 4", () => {
    const before = draw(s.none, 3);
    expect(before.querySelector(".dep-graph")?.getAttribute("data-cycle")).toBe("none");
    expect(edges(before)).toEqual(["rw"]);
    const after = draw(s.none, 4);
    expect(after.querySelector(".dep-graph")?.getAttribute("data-cycle")).toBe("closed");
    expect(edges(after).sort()).toEqual(["rw*", "ww*"]);
    expect(after.querySelector(".dep-status")?.textContent).toContain(
      "Lost update (G-single): Bob → Alice → Bob",
    );
    expect(
      [...after.querySelectorAll(".dep-node")].map((n) => n.getAttribute("data-on-cycle")),
    ).toEqual(["true", "true"]);
  });

  it("draws the three kinds apart by line class and written kind", () => {
    const host = draw(g.counterThreeTransaction, 12, "full");
    const kinds = [...host.querySelectorAll(".dep-edge")].map((e) => [
      [...e.classList].find((c) => c.startsWith("kind-")),
      e.querySelector(".dep-label-kind")?.textContent?.split(" ")[0],
    ]);
    expect(kinds).toEqual([
      ["kind-ww", "ww"],
      ["kind-ww", "ww"],
      ["kind-wr", "wr"],
      ["kind-wr", "wr"],
    ]);
    expect([...host.querySelectorAll(".dep-legend li b")].map((b) => b.textContent)).toEqual([
      "ww",
      "wr",
      "rw",
    ]);
    expect(host.querySelector(".dep-status")?.textContent).toContain(
      "Serial order: Alice → Bob (attempt 2) → Carol (attempt 3)",
    );
  });

  it("focusing an edge shows its sentence, leaving it clears the line", () => {
    const host = draw(s.none, 4);
    const rw = host.querySelector<SVGGElement>('.dep-edge[data-kind="rw"]');
    const line = host.querySelector(".dep-sentence");
    expect(rw?.getAttribute("tabindex")).toBe("0");
    rw?.dispatchEvent(new FocusEvent("focus"));
    expect(line?.textContent).toBe(s.none.findings[0].steps[0]);
    rw?.dispatchEvent(new FocusEvent("blur"));
    expect(line?.textContent).toBe("");
  });

  it("small: no tab stops, no legend, no sentence line; the cycle still named", () => {
    const host = draw(g.writeSkewThreeNone, 6, "small");
    expect(host.querySelectorAll('[tabindex="0"]').length).toBe(0);
    expect(host.querySelector(".dep-legend")).toBeNull();
    expect(host.querySelector(".dep-sentence")).toBeNull();
    expect(edges(host)).toEqual(["rw*", "rw*", "rw*"]);
    expect(host.querySelector(".dep-status")?.textContent).toContain("Write skew (G2-item)");
    // The route is on the drawing itself; the status line of a small multiple only names it.
    expect(host.querySelector(".dep-status")?.textContent).not.toContain("→");
  });

  it("step 1 gives nothing away", () => {
    const host = draw(s.none, 1);
    expect(edges(host)).toEqual([]);
    expect(host.querySelectorAll(".dep-node").length).toBe(1);
    expect(host.textContent).not.toContain("Lost update");
  });

  it("a box too small to read shows the status and the full view instead of the drawing", () => {
    const host = document.createElement("div");
    document.body.append(host);
    let opened = 0;
    const view = graphView(s.none, 3, { revealAll: false });
    render(graphTemplate(view, "panel", { onFullView: () => opened++ }), host);
    const figure = host.querySelector(".dep-graph");
    const drawing = host.querySelector(".dep-svg");
    if (!figure || !drawing) throw new Error("no graph drawn");
    fitTo(drawing, { w: 249, h: 15 });
    expect(figure.getAttribute("data-fit")).toBe("status");
    // What is left to read: the cycle's name and route, and the way to the full view.
    expect(figure.querySelector(".dep-status")?.textContent).toContain(
      "Lost update (G-single): Bob → Alice → Bob",
    );
    host.querySelector<HTMLButtonElement>("[data-testid=graph-fit-open]")?.click();
    expect(opened).toBe(1);
    // The drawing stays in the page, hidden: the e2e tests' data attributes are still there.
    expect(figure.getAttribute("data-cycle")).toBe("closed");
    expect(host.querySelectorAll(".dep-edge").length).toBe(2);
    // A box not laid out (0 x 0, the panel hidden) decides nothing; room enough draws again.
    fitTo(drawing, { w: 0, h: 0 });
    expect(figure.getAttribute("data-fit")).toBe("status");
    fitTo(drawing, { w: 249, h: 153 });
    expect(figure.getAttribute("data-fit")).toBe("drawing");
  });

  it("without a full view to open, the note says so instead of offering one", () => {
    const host = draw(s.none, 4, "full");
    expect(host.querySelector("[data-testid=graph-fit-open]")).toBeNull();
    expect(host.querySelector("[data-testid=graph-fit-note]")?.textContent).toContain(
      "A larger window shows it.",
    );
  });
});
