"""End-to-end tests of the explorer in the real app: behaviour classes with
counts that add up, Open on a class, and a long exploration during which the
page keeps answering and Cancel takes effect within 100 ms. Latencies are
measured inside the page with performance.now(), so selenium's round trips
are outside them. Screenshots: explore-light, explore-dark, explore-running."""

import json
import time

from conftest import HEIGHT, WIDTH
from launch import threads
import page
from page import click, count, js, js_async, ready, text, wait

DONE = '[data-testid=explore-view][data-state="done"]'
RUNNING = '[data-testid=explore-view][data-state="running"]'
LOST = "[data-testid=finding][data-kind=lost_update]"
# Waits, retries and busy answers make this built-in's space the largest: it takes seconds.
LONG = "builtin:busy-counter.toml"
# The explorer's worker threads' name (interleave_engine::explore::WORKER_THREAD).
WORKER = "explore-worker"


def check_shot(shot, d, name):
    png = shot(d, name)
    assert page.png_size(png) == (WIDTH, HEIGHT), f"{name}: {page.png_size(png)}"


def columns(d):
    """Per strategy column: its executions and its classes' verdicts and counts, read from the DOM's data attributes."""
    return js(
        d,
        """return [...document.querySelectorAll('[data-testid=explore-column]')].map((c) => ({
          strategy: c.dataset.strategy,
          executions: Number(c.querySelector('[data-testid=explore-executions]').dataset.executions),
          counts: [...c.querySelectorAll('[data-testid=explore-count]')].map((e) => Number(e.dataset.count)),
          classes: [...c.querySelectorAll('[data-testid=explore-class]')].map((e) => ({
            verdict: e.dataset.verdict, count: Number(e.dataset.count),
            title: e.querySelector('.xclass-title').textContent,
            shown: e.querySelector('[data-testid=explore-class-count]').textContent,
          })),
        }))""",
    )


def test_explorer_shows_behaviour_classes_and_opens_a_representative(app, shot):
    d = app
    click(d, "[data-testid=explore-toggle]")
    wait(d, lambda: count(d, DONE) == 1, 60, "the explorer's answer for lost update")
    cols = columns(d)
    assert [c["strategy"] for c in cols] == ["none", "atomic", "pessimistic", "optimistic", "transaction"], cols
    for c in cols:
        assert c["executions"] > 0, c
        assert sum(k["count"] for k in c["classes"]) == c["executions"], c
        assert sum(c["counts"]) == c["executions"], c
    none = cols[0]
    lost = [k for k in none["classes"] if k["verdict"] == "lost_update"]
    assert lost and all(k["title"] == "Lost update" and k["count"] > 0 for k in lost), none
    assert lost[0]["shown"] == f"{lost[0]['count']} of {none['executions']}", lost[0]
    method = js(d, "return document.querySelector('[data-testid=explore-method]').dataset.method")
    assert method in ("reduced", "full"), method
    assert f"{sum(c['executions'] for c in cols)} executions" in text(d, "[data-testid=explore-method]")
    check_shot(shot, d, "explore-light")

    # Expand the first lost update's schedules: a real button that says it is expanded.
    first = '[data-testid=explore-column][data-strategy="none"] [data-testid=explore-class][data-verdict="lost_update"]'
    click(d, f"{first} [data-testid=explore-expand]")
    assert js(d, "return document.querySelector(arguments[0]).getAttribute('aria-expanded')", f"{first} [data-testid=explore-expand]") == "true"
    assert count(d, f"{first} [data-testid=explore-schedule]") >= 1

    # Open: the class's representative in the timeline, with its lost update.
    want = json.loads(js(d, "return document.querySelector(arguments[0]).dataset.schedule", f"{first} [data-testid=explore-open]"))
    click(d, f"{first} [data-testid=explore-open]")
    wait(d, lambda: ready(d, "builtin:lost-update.toml", "none") and count(d, LOST) == 1, 10, "the representative's timeline")
    state = js(d, "return window.__interleave.state()")
    assert state["schedule"] == want, (state, want)
    assert state["view"] == "timeline", state

    # Back to the explorer (its answer is kept), in the dark theme.
    click(d, "[data-testid=theme-toggle]")
    click(d, "[data-testid=explore-toggle]")
    wait(d, lambda: count(d, DONE) == 1, 10, "the explorer again, at once")
    assert count(d, '[data-testid=explore-class].current') == 1, "the class on screen is marked"
    check_shot(shot, d, "explore-dark")


# Clicks step SEQ as a pointer would and reports, in the page, how long until its
# details show (the frame after), and whether the exploration was still running then.
OPEN_STEP = """const done = arguments[arguments.length - 1];
const e = document.querySelector('[data-testid=event][data-seq="' + arguments[0] + '"]');
const r = e.getBoundingClientRect(); const o = {bubbles: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2};
const shown = () => document.querySelector('.side-panel .panel-body').dataset.panel === 'details';
const t0 = performance.now();
for (const t of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) e.dispatchEvent(new MouseEvent(t, o));
const check = () => shown()
  ? requestAnimationFrame(() => done({ms: performance.now() - t0,
      running: !!document.querySelector('[data-testid=explore-view][data-state="running"]')}))
  : requestAnimationFrame(check);
check();"""


def test_a_long_exploration_keeps_the_page_answering_and_cancels_within_100ms(app, shot):
    d = app
    click(d, f'[data-testid=scenario-item][data-id="{LONG}"]')
    wait(d, lambda: ready(d, LONG, "none"), 10, "the busy counter")
    click(d, "[data-testid=explore-toggle]")
    wait(d, lambda: count(d, RUNNING) == 1, 10, "the exploration under way")
    wait(d, lambda: (text(d, "[data-testid=explore-progress-text]") or "starting…") != "starting…", 10, "some progress")
    # Frames drawn in one second of the exploration, with nothing else going on: how often the page could answer.
    # (After the card's first paint: inserting it moves the panels, one whole-page repaint under Xvfb.)
    page.frames(d, 2)
    gaps = js_async(
        d,
        """const done = arguments[arguments.length - 1]; const out = []; let last = performance.now(); const t0 = last;
        const tick = () => { const t = performance.now(); out.push(t - last); last = t;
          if (t - t0 < 1000) requestAnimationFrame(tick); else done(out); };
        requestAnimationFrame(tick);""",
    )
    print(f"during the exploration: {len(gaps)} frames in 1 s, longest gap {max(gaps):.0f} ms")
    assert count(d, RUNNING) == 1, "the exploration should still be running: pick a longer built-in"
    # A bound on a stall, not a benchmark: on two cores the engine's threads share the CPU with
    # WebKit, and a frame can take a second when the machine is busy with anything else too.
    assert max(gaps) < 2000, gaps
    check_shot(shot, d, "explore-running")

    # A step in the live timeline answers while the exploration runs: its details open.
    answered = js_async(d, OPEN_STEP, 2)
    print(f"step details opened {answered['ms']:.0f} ms after the click (to the next frame) during the exploration")
    assert answered["running"], "the exploration ended before the click: pick a longer built-in"
    # A bound on a hang, not a benchmark: under Xvfb's software painting a redraw of the timeline takes ~0.4 s even idle.
    assert answered["ms"] < 1500, answered

    # Cancel: the running state leaves the DOM within 100 ms of the click, measured in the page.
    cancelled = js_async(
        d,
        """const done = arguments[arguments.length - 1];
        const running = () => document.querySelector('[data-testid=explore-view][data-state="running"]');
        const t0 = performance.now();
        let gone = null;
        const obs = new MutationObserver(() => { if (gone === null && !running()) gone = performance.now() - t0; });
        obs.observe(document.body, {subtree: true, childList: true, attributes: true});
        document.querySelector('[data-testid=explore-cancel]').click();
        if (gone === null && !running()) gone = performance.now() - t0;
        const wait = () => { if (gone === null) { requestAnimationFrame(wait); return; }
          // And painted: the frame after the change.
          requestAnimationFrame(() => { obs.disconnect(); done({dom: gone, painted: performance.now() - t0}); }); };
        wait();""",
    )
    print(f"cancel: running state gone from the DOM after {cancelled['dom']:.1f} ms, painted after {cancelled['painted']:.1f} ms")
    # The UI's part: the running state leaves the DOM within 100 ms. Painting the page
    # after any element is removed takes ~0.25-0.45 s under Xvfb's software rendering
    # (measured idle, with no exploration), so the paint is reported, not judged.
    assert cancelled["dom"] < 100, cancelled
    # The cancelled exploration's later progress or answer must not bring it back.
    page.frames(d, 30)
    state = js(d, "return window.__interleave.state()")
    assert count(d, "[data-testid=explore-view]") == 0 and state["view"] == "timeline", state
    assert state["error"] is None, state


def test_cancel_answers_at_once_and_the_workers_stop(app):
    """Cancel through the app's own IPC, timed in the page: from cancel_explore to the
    exploration's promise rejecting with code cancelled. Then the engine's own stop:
    the app's explorer worker threads (named explore-worker) are gone.

    Both are reported, and bounded only so that an answer or workers that wait for the
    exploration's end fail: the 100 ms a user sees is the test above (the running state
    leaves the DOM), and the engine's part is `make bench` (cancel to answer, ~1 ms).
    WebKit's IPC itself sometimes takes ~110 ms on an idle machine here (1 cancel in
    ~25 inside the whole suite: answered after 115 ms, workers gone after 118, so the
    cancel itself reached the app late)."""
    d = app
    assert d.app_pid, "the app's process"
    answered, stopped = [], []
    for _ in range(3):
        assert WORKER not in threads(d.app_pid)
        got = js_async(
            d,
            """const done = arguments[arguments.length - 1]; const ipc = window.__TAURI_INTERNALS__;
            let t0 = null, at = null;
            ipc.invoke('explore_scenario', {id: arguments[0], journal: null, sample: null})
              .then(() => done({code: 'finished'}),
                    (e) => done({code: e.code, ms: performance.now() - t0, at}));
            setTimeout(() => { t0 = performance.now(); at = Date.now(); ipc.invoke('cancel_explore'); }, 700);""",
            LONG,
        )
        assert got["code"] == "cancelled", got
        answered.append(got["ms"])
        # Not a speed limit (the workers run at a low priority, and close their
        # databases after): a bound so that workers that ran on fail the test.
        deadline = time.time() + 2
        while WORKER in threads(d.app_pid):
            assert time.time() < deadline, threads(d.app_pid)
            time.sleep(0.002)
        stopped.append(time.time() * 1000 - got["at"])
    print("cancel answered in " + ", ".join(f"{t:.1f}" for t in answered) + " ms; workers gone after "
          + ", ".join(f"{t:.0f}" for t in stopped) + " ms")
    # busy-counter explores for seconds: an answer within 1 s came from the cancel.
    assert max(answered) < 1000, answered
