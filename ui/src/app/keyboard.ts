//! Keys: Space play/pause; ←/→, PageUp/PageDown and "." step (a presentation
//! clicker sends PageDown or "."); Home/End; 1–5 strategy; C compare; G the dependency graph;
//! P presentation; Q predict, then reveal; S you are the scheduler (a challenge); F or F11 recording (no chrome at all); W the whole run; ? the keys;
//! Alt+←/→ move the selected turn; Escape closes the keys, leaves recording or
//! presentation, else closes the details.
import { STRATEGIES } from "../model/values";
import type { Session } from "./session";

/** What the ? overlay lists: the keys below, as people press them. */
export const KEY_HELP: readonly (readonly [string, string])[] = [
  ["Space", "Play or pause"],
  ["← →  PageUp PageDown  , .", "Step back or forward (a clicker sends PageDown or .)"],
  ["Home  End", "First or last step"],
  ["1 – 5", "Strategy: none, atomic, pessimistic, optimistic, transaction"],
  ["C", "Compare all strategies"],
  ["G", "The dependency graph, full size; again to go back"],
  ["Q", "Predict, then reveal: stop before each step worth a guess; → or Space reveals"],
  ["S", "You are the scheduler: a challenge to meet by reordering steps; again to leave"],
  ["P", "Presentation: large type, no sidebar"],
  ["F  F11", "Recording: no header, sidebar or transport; again to bring them back"],
  ["Tab  Enter", "Reach each control and step; Enter opens a step's details"],
  ["Alt+← Alt+→", "Move the focused (or selected) turn earlier or later"],
  ["W", "Show the whole run at once, or only what the playhead has reached"],
  ["?", "These keys"],
  ["Escape", "Close this, leave recording or presentation, close the details"],
];

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return target.type !== "range";
  return (
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    target.isContentEditable
  );
}

export function bindKeys(session: Session, target: Window = window): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || typing(e.target)) return;
    let handled = true;
    if (e.altKey) {
      if (e.key === "ArrowLeft") void session.moveSelected(-1);
      else if (e.key === "ArrowRight") void session.moveSelected(1);
      else handled = false;
    } else {
      switch (e.key) {
        case " ":
        case "Spacebar":
          if (!e.repeat) session.togglePlay();
          break;
        case "ArrowRight":
        case "PageDown":
        case ".":
          session.step(1);
          break;
        case "ArrowLeft":
        case "PageUp":
        case ",":
          session.step(-1);
          break;
        case "Home":
          session.home();
          break;
        case "End":
          session.end();
          break;
        case "c":
        case "C":
          void session.toggleCompare();
          break;
        case "g":
        case "G":
          void session.toggleGraph();
          break;
        case "p":
        case "P":
          session.togglePresenting();
          break;
        case "q":
        case "Q":
          session.togglePredict();
          break;
        case "s":
        case "S":
          void session.challenges.toggle();
          break;
        case "f":
        case "F":
        case "F11":
          session.toggleRecording();
          break;
        case "w":
        case "W":
          session.toggleRevealAll();
          break;
        case "?":
          session.toggleKeysHelp();
          break;
        case "Escape":
          session.escape();
          break;
        default: {
          const n = Number(e.key);
          if (Number.isInteger(n) && n >= 1 && n <= STRATEGIES.length)
            void session.setStrategy(STRATEGIES[n - 1]);
          else handled = false;
        }
      }
    }
    if (handled) e.preventDefault();
  };
  // A focused button would also "click" on Space's keyup: swallow that.
  const onKeyUp = (e: KeyboardEvent) => {
    if (e.key === " " && e.target instanceof HTMLButtonElement) e.preventDefault();
  };
  target.addEventListener("keydown", onKey);
  target.addEventListener("keyup", onKeyUp);
  return () => {
    target.removeEventListener("keydown", onKey);
    target.removeEventListener("keyup", onKeyUp);
  };
}
