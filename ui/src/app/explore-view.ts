//! The explorer's host on the page: draws the state's kind (estimating, the
//! question, progress, the answer) and redraws only when what it shows
//! changes, so progress redraws just the card. What the learner expanded
//! (class ids) is kept across redraws until another answer comes.
import { drawExplore } from "../render/explore";
import {
  drawExploreConfirm,
  drawExploreEstimating,
  drawExploreProgress,
  updateExploreProgress,
} from "../render/explore-status";
import { fill } from "../render/dom";
import type { Session } from "./session";
import type { AppState } from "./state";

export function mountExplore(
  host: HTMLElement,
  main: HTMLElement,
  session: Session,
  idOf: (o: object) => number,
): (st: AppState) => void {
  let lastKey = "";
  const expanded = new Set<string>();
  let expandedFor: unknown = null;
  const status = {
    onCancel: () => session.cancelExplore(),
    onExploreAll: () => void session.exploreAll(),
    onExploreSample: () => void session.exploreSample(),
  };
  return (st) => {
    const e = st.explore;
    // The CSS shows the timeline under the card until the answer takes the page.
    main.dataset.explore = st.view === "explore" ? e.kind : "";
    if (st.view !== "explore" || e.kind === "idle") {
      lastKey = "";
      host.replaceChildren();
      return;
    }
    const strategy = st.report?.strategy ?? st.request.strategy;
    const schedule = st.request.schedule ?? st.report?.schedule ?? null;
    const key =
      e.kind === "done"
        ? `done|${idOf(e.report)}|${strategy}|${schedule?.join(",")}`
        : e.kind === "running"
          ? `running|${e.key}|${e.progress.done}|${e.progress.total}|${e.progress.covered}`
          : e.kind === "confirm"
            ? `confirm|${e.key}|${idOf(e.estimate)}|${e.refused?.message}`
            : `estimating|${e.key}`;
    if (key === lastKey) return;
    // Progress of the same exploration: move the bar in place.
    const card = host.firstElementChild as HTMLElement | null;
    if (e.kind === "running" && card && lastKey.startsWith(`running|${e.key}|`)) {
      lastKey = key;
      updateExploreProgress(card, e.progress);
      return;
    }
    lastKey = key;
    if (e.kind === "done" && expandedFor !== e.report) {
      expandedFor = e.report;
      expanded.clear();
    }
    fill(
      host,
      e.kind === "done"
        ? drawExplore(
            e.report,
            { onScreen: { strategy, schedule }, expanded },
            { onOpen: (s, sch) => void session.openSchedule(s, sch) },
          )
        : e.kind === "running"
          ? drawExploreProgress(e.progress, e.journal, e.sample, status)
          : e.kind === "confirm"
            ? drawExploreConfirm(e.estimate, e.journal, e.refused, status)
            : drawExploreEstimating(e.journal, status),
    );
  };
}
