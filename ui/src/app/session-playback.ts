//! The playhead over time: stepping, playing at a steady pace, and predict
//! mode's stops (model/predict.ts decides where they are). Session calls
//! these; nothing else writes the playhead's timer.
import type { RunReport } from "../bindings/RunReport";
import { clampIndex } from "../model/playhead";
import { asking, forward, PREDICT_OFF, PREDICT_ON, settle } from "../model/predict";
import { stepCount, type Store } from "./state";

const BASE_INTERVAL_MS = 1400;
/** Presentation plays slower and steadily, so a room can read each caption. */
const PRESENT_INTERVAL_MS = 2800;

export class Playback {
  private timer: number | null = null;

  constructor(private readonly store: Store) {}

  private get s() {
    return this.store.state;
  }

  /** The run whose steps are asked about: the single view's (compare's rows each have their own). */
  private asked(): RunReport | null {
    return this.s.view === "timeline" ? this.s.report : null;
  }

  seek(index: number): void {
    const n = stepCount(this.s);
    if (n === 0) return;
    const i = Math.max(0, Math.min(n - 1, Math.trunc(index)));
    this.store.update({ index: i, predict: settle(this.s.predict, i) });
  }

  /**
   * One step on. In predict mode this may stop short to ask about the next
   * step, or reveal the step asked about. True when it asked.
   */
  private forward(): boolean {
    const r = this.asked();
    if (!r || !this.s.predict.on) {
      this.seek(this.s.index + 1);
      return false;
    }
    const m = forward(r, clampIndex(r, this.s.index), this.s.predict);
    this.store.update({ index: m.index, predict: m.predict });
    return m.asked;
  }

  step(delta: number): void {
    this.stop();
    if (delta === 1) this.forward();
    else this.seek(this.s.index + delta);
  }

  home(): void {
    this.stop();
    this.seek(0);
  }

  end(): void {
    this.stop();
    this.seek(stepCount(this.s) - 1);
  }

  togglePlay(): void {
    if (this.s.playing) {
      this.stop();
      return;
    }
    const n = stepCount(this.s);
    if (n === 0) return;
    // Space on a question reveals its answer; the next Space plays on.
    if (asking(this.asked(), this.s.predict, this.s.index) !== null) {
      this.forward();
      return;
    }
    if (this.s.index >= n - 1) this.seek(0);
    this.store.update({ playing: true });
    this.schedule();
  }

  setSpeed(speed: number): void {
    this.store.update({ speed });
    if (this.s.playing) this.schedule();
  }

  /** After a change of pace (presentation, recording): the next tick comes at the new interval. */
  reschedule(): void {
    if (this.s.playing) this.schedule();
  }

  private schedule(): void {
    if (this.timer !== null) window.clearInterval(this.timer);
    this.timer = window.setInterval(
      () => {
        const n = stepCount(this.s);
        if (this.s.index >= n - 1) {
          this.stop();
          return;
        }
        const askedNow = this.forward();
        if (askedNow || this.s.index >= n - 1) this.stop();
      },
      (this.s.presenting || this.s.recording ? PRESENT_INTERVAL_MS : BASE_INTERVAL_MS) /
        this.s.speed,
    );
  }

  stop(): void {
    if (this.timer !== null) window.clearInterval(this.timer);
    this.timer = null;
    if (this.s.playing) this.store.update({ playing: false });
  }

  /** Q: predict, then reveal, on or off. On, the run is revealed as it happens: the answers stay hidden. */
  togglePredict(): void {
    if (this.s.predict.on) this.store.update({ predict: PREDICT_OFF });
    else this.store.update({ predict: PREDICT_ON, revealAll: false });
  }
}
