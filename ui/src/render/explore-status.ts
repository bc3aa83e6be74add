//! The explorer before its answer: estimating the space, asking before a big
//! one (or one past the engine's limit, with the sample offer), and progress
//! with Cancel. Each is a compact card above the timeline, which stays live.
import type { ExploreEstimate } from "../bindings/ExploreEstimate";
import type { AppError } from "../bindings/AppError";
import type { Journal } from "../bindings/Journal";
import type { Progress } from "../bindings/Progress";
import type { SampleRequest } from "../bindings/SampleRequest";
import { DEFAULT_SAMPLE, progressView } from "../model/explore";
import { estimateText, progressText, sampleText } from "../model/explore-text";
import { h } from "./dom";

export interface ExploreStatusHandlers {
  onCancel(): void;
  onExploreAll(): void;
  onExploreSample(): void;
}

export function journalText(j: Journal): string {
  return j === "delete" ? "rollback journal" : "WAL";
}

function cancelButton(on: ExploreStatusHandlers): HTMLButtonElement {
  return h(
    "button",
    {
      type: "button",
      class: "plain-btn",
      "data-testid": "explore-cancel",
      onclick: () => on.onCancel(),
    },
    "Cancel",
  );
}

function card(state: string, ...children: (Node | string | null)[]): HTMLElement {
  return h(
    "section",
    {
      class: "explore explore-card",
      "data-testid": "explore-view",
      "data-state": state,
      "aria-label": "Explorer",
    },
    ...children,
  );
}

export function drawExploreEstimating(journal: Journal, on: ExploreStatusHandlers): HTMLElement {
  return card(
    "estimating",
    h("h2", { class: "explore-title" }, `Exploring · ${journalText(journal)}`),
    h(
      "div",
      { class: "explore-progress-row" },
      h("span", { class: "explore-progress-text" }, "Counting the interleavings…"),
      cancelButton(on),
    ),
  );
}

export function drawExploreProgress(
  progress: Progress,
  journal: Journal,
  sample: SampleRequest | null,
  on: ExploreStatusHandlers,
): HTMLElement {
  const what = sample
    ? `Exploring a sample of ${sample.runs.toLocaleString("en-US")} (seed ${sample.seed})`
    : "Exploring every execution";
  const el = card(
    "running",
    h(
      "div",
      { class: "explore-progress-row" },
      h("h2", { class: "explore-title" }, `${what} · ${journalText(journal)}`),
      // A plain bar, not <progress>: WebKitGTK animates an indeterminate one on every
      // frame, which starved the page and halved the engine's speed while it ran.
      h(
        "div",
        {
          class: "explore-progress",
          role: "progressbar",
          "data-testid": "explore-progress",
          "aria-label": "Exploration progress",
          "aria-valuemin": 0,
        },
        h("div", { class: "explore-progress-fill" }),
      ),
      h("span", { class: "explore-progress-text", "data-testid": "explore-progress-text" }),
      cancelButton(on),
    ),
  );
  updateExploreProgress(el, progress);
  return el;
}

/**
 * Moves a progress card drawn by drawExploreProgress to `progress`, in place:
 * progress comes many times a second, and only the bar and its words change.
 */
export function updateExploreProgress(el: HTMLElement, progress: Progress): void {
  const p = progressView(progress.done, progress.total, progress.covered);
  const bar = el.querySelector<HTMLElement>("[data-testid=explore-progress]");
  const fill = bar?.querySelector<HTMLElement>(".explore-progress-fill");
  const words = el.querySelector("[data-testid=explore-progress-text]");
  if (!bar || !fill || !words) return;
  // Past the estimate with no share of the tree walked, there is nothing to
  // show: a full, hatched, still bar. With it, the bar moves to the end.
  const still = p.beyond && !p.walked;
  bar.classList.toggle("beyond", still);
  fill.style.width = `${still ? 100 : p.pct}%`;
  bar.setAttribute("aria-valuemax", p.walked ? "100" : String(Math.max(1, p.total)));
  if (still) bar.removeAttribute("aria-valuenow");
  else bar.setAttribute("aria-valuenow", String(p.walked ? p.pct : p.done));
  bar.setAttribute("aria-valuetext", progressText(p));
  words.textContent = progressText(p);
}

export function drawExploreConfirm(
  estimate: ExploreEstimate,
  journal: Journal,
  refused: AppError | null,
  on: ExploreStatusHandlers,
  sample: SampleRequest = DEFAULT_SAMPLE,
): HTMLElement {
  const lead = estimate.fits
    ? `This is a big space: ${estimateText(estimate)}.`
    : `This space is past what the explorer runs whole: ${estimateText(estimate)} (at most ${estimate.limit.toLocaleString("en-US")} interleavings).`;
  return card(
    "confirm",
    h("h2", { class: "explore-title" }, `Explore · ${journalText(journal)}`),
    h("p", { class: "explore-lead", "data-testid": "explore-size" }, lead),
    // The engine's own words when it refused (code too_big), shown as they are.
    refused
      ? h("p", { class: "muted explore-hint", "data-testid": "explore-refused" }, refused.message)
      : null,
    h(
      "div",
      { class: "explore-progress-row" },
      estimate.fits
        ? h(
            "button",
            {
              type: "button",
              class: "plain-btn",
              "data-testid": "explore-all",
              onclick: () => on.onExploreAll(),
            },
            "Explore all",
          )
        : null,
      h(
        "button",
        {
          type: "button",
          class: "plain-btn primary",
          "data-testid": "explore-sample",
          onclick: () => on.onExploreSample(),
        },
        sampleText(sample),
      ),
      cancelButton(on),
    ),
  );
}
