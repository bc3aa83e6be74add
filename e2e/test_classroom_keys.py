"""The classroom on the real app (issue 11): nothing is given away before its
step, the keyboard reaches everything and traps nowhere, and the page reads
at 1280x720 in both themes, presentation mode included.

Visibility is judged with innerText (what is rendered, not title attributes
or display:none), over the whole page."""

from selenium.webdriver.common.keys import Keys

from conftest import HEIGHT, WIDTH
import page
from page import click, count, js, key, ready, wait

LOST = "[data-testid=finding][data-kind=lost_update]"


def page_text(d):
    """What the page shows of the run: header and main (the sidebar lists every scenario's own blurb)."""
    return js(d, "return [...document.querySelectorAll('header.topbar, main.main, .tooltip')].map(e => e.innerText).join('\\n')")


def position(d):
    return js(d, "return window.__interleave.state().index")


def steps(d):
    return js(d, "return window.__interleave.state().steps")


def go_end(d):
    key(d, Keys.END)
    wait(d, lambda: position(d) == steps(d) - 1, 5, "the last step")


def go_home(d):
    key(d, Keys.HOME)
    wait(d, lambda: position(d) == 0, 5, "the first step")


def explanation_at_end(d):
    go_end(d)
    wait(d, lambda: count(d, LOST + " .explanation") == 1, 5, "the lost update's explanation")
    return js(d, "return document.querySelector(arguments[0]).innerText", LOST + " .explanation").strip()


def test_lost_update_is_not_given_away_before_its_step(app, shot):
    d = app
    assert position(d) == 0
    # Nothing of the run's end on screen at step 1: no finding, no verdict, no anomaly mark.
    assert count(d, LOST) == 0
    assert count(d, ".timeline-scroll .g-anomaly") == 0
    assert js(d, "return document.querySelector('[data-testid=run-outcome]').dataset.outcome") == "later"
    future = js(d, "return [...document.querySelectorAll('[data-testid=event][data-placeholder=true]')].map(e => +e.dataset.seq)")
    assert future == list(range(2, steps(d) + 1)), future
    # (The scenario's own title may name it; the engine's words and values may not show.)
    step1 = page_text(d)
    for spoiler in ("G-single", "is lost", "130", "Prevented by"):
        assert spoiler not in step1, (spoiler, step1)

    sentence = explanation_at_end(d)
    assert "Bob" in sentence and len(sentence) > 30, sentence
    assert sentence in page_text(d)
    assert count(d, ".timeline-scroll .g-anomaly") > 0

    go_home(d)
    wait(d, lambda: count(d, LOST) == 0, 5, "the finding to leave at step 1")
    assert sentence not in page_text(d)
    # "Show the whole run" (W, or its button) shows it at step 1; again hides it.
    key(d, "w")
    wait(d, lambda: sentence in page_text(d), 5, "the whole run shown")
    assert count(d, "[data-testid=event][data-placeholder=true]") == 0
    click(d, "[data-testid=reveal-toggle]")
    wait(d, lambda: sentence not in page_text(d), 5, "the run revealed as it happens again")
    # The keys overlay lists W.
    key(d, "?")
    wait(d, lambda: count(d, "[data-testid=keys-help]") == 1, 5, "the keys overlay")
    assert "whole run" in js(d, "return document.querySelector('[data-testid=keys-help]').innerText").lower()
    key(d, Keys.ESCAPE)

    for theme in ("light", "dark"):
        if js(d, "return document.documentElement.dataset.theme") != theme:
            page.set_theme(d, theme)
        png = shot(d, f"classroom-step1-{theme}")
        assert page.png_size(png) == (WIDTH, HEIGHT)


# Every control and step gets a probe number before tabbing; the focus order is read back by it.
PROBE = """
const visible = (e) => e.getClientRects().length > 0 && !e.closest('[hidden]') && getComputedStyle(e).visibility !== 'hidden';
const all = [...document.querySelectorAll('button, input, select, a[href], [tabindex]')]
  .filter((e) => !e.disabled && e.tabIndex >= 0 && visible(e));
all.forEach((e, i) => (e.dataset.probe = String(i)));
return all.map((e) => ({id: e.dataset.testid || e.getAttribute('aria-label') || e.textContent.trim().slice(0, 30), seq: e.dataset.seq || null, tag: e.tagName.toLowerCase()}));
"""

FOCUSED = """
const e = document.activeElement;
if (!e || e === document.body) return null;
return {probe: e.dataset.probe ?? null, id: e.dataset.testid || e.getAttribute('aria-label') || e.tagName, seq: e.dataset.seq || null, tag: e.tagName.toLowerCase()};
"""


def test_tab_reaches_every_control_and_step_and_leaves_the_slider(app):
    d = app
    controls = js(d, PROBE)
    assert len(controls) > 10, controls
    n = steps(d)
    assert sum(1 for c in controls if c["id"] == "event") == n, controls
    js(d, "document.activeElement && document.activeElement.blur()")
    order = []
    for _ in range(len(controls) + 20):
        key(d, Keys.TAB)
        f = js(d, FOCUSED)
        if f is None:
            continue
        if order and f["probe"] is not None and f["probe"] == order[0]["probe"]:
            break  # came round again
        order.append(f)
    reached = {f["probe"] for f in order if f["probe"] is not None}
    missing = [c["id"] for i, c in enumerate(controls) if str(i) not in reached]
    assert not missing, f"not reached by Tab: {missing}; order: {[f['id'] for f in order]}"
    seqs = [int(f["seq"]) for f in order if f["id"] == "event"]
    assert seqs == list(range(1, n + 1)), seqs
    # The slider is left: the focus after it is another control.
    at = [i for i, f in enumerate(order) if f["id"] == "scrub"]
    assert at, [f["id"] for f in order]
    assert at[0] + 1 < len(order) and order[at[0] + 1]["id"] != "scrub", [f["id"] for f in order]


def test_a_focused_step_opens_with_enter_and_moves_with_alt_arrows(app):
    d = app
    js(d, "document.querySelector('[data-testid=event][data-seq=\"2\"]').focus()")
    assert js(d, "return document.activeElement.dataset.seq") == "2"
    key(d, Keys.ENTER)
    wait(d, lambda: js(d, "return window.__interleave.state().selected") == 2, 5, "Enter to open step 2")
    assert "Step 2 details" in page.text(d, ".side-panel .tabs")
    # Alt+→ on Bob's read (step 2) moves it after Alice's save: no lost update any more.
    key(d, Keys.ARROW_RIGHT, modifier=Keys.ALT)
    wait(d, lambda: js(d, "return window.__interleave.state().customSchedule") is not None and ready(d), 10, "the rerun")
    wait(d, lambda: js(d, "return (window.__interleave.state().schedule || []).join(',')") == "Alice,Alice,Bob,Bob", 10, "the moved turn")
    # Focus follows the moved turn, so the next Alt+arrow moves it again.
    wait(d, lambda: js(d, "return document.activeElement && document.activeElement.dataset.seq") == str(js(d, "return window.__interleave.state().selected")), 5, "focus on the moved turn")
    go_end(d)
    assert "lost_update" not in js(d, "return window.__interleave.state().findings")


def test_presentation_at_the_last_step_reads_from_the_back(app, shot):
    d = app
    key(d, "p")
    wait(d, lambda: count(d, ".presenting") > 0, 5, "presentation mode")
    sentence = explanation_at_end(d)
    # Nothing of the findings is cut off: its text is all on screen, or the panel scrolls to it.
    px = js(
        d,
        """const q = (s) => document.querySelector(s);
        const size = (s) => q(s) ? parseFloat(getComputedStyle(q(s)).fontSize) : null;
        return {explanation: size('.explanation'), prevention: size('[data-testid=prevented-by]'),
                legend: size('.legend li'), caption: size('.caption-text'), panel: size('[data-testid=db-panel] td'),
                // The timeline's words as drawn: their size in the SVG times its zoom.
                step: (() => { const t = q('.timeline-card text.step-label');
                  return t ? parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a : null; })()};""",
    )
    for name, value in px.items():
        assert value is not None and value >= 20, (name, px)
    body = js(
        d,
        """const b = document.querySelector('.side-panel .panel-body'); const r = b.getBoundingClientRect();
        return {bottom: r.bottom, height: innerHeight, scrolls: b.scrollHeight > b.clientHeight, overflow: getComputedStyle(b).overflowY};""",
    )
    assert body["bottom"] <= body["height"] + 1, body
    if body["scrolls"]:
        assert body["overflow"] in ("auto", "scroll"), body
    assert sentence in js(d, "return document.querySelector('.side-panel .panel-body').textContent")
    for theme in ("light", "dark"):
        if js(d, "return document.documentElement.dataset.theme") != theme:
            key(d, Keys.ESCAPE)  # the theme button is in the header, which presentation keeps
            wait(d, lambda: count(d, ".presenting") == 0, 5, "leave presentation")
            page.set_theme(d, theme)
            key(d, "p")
            wait(d, lambda: count(d, ".presenting") > 0, 5, "presentation mode")
            go_end(d)
        png = shot(d, f"classroom-present-end-{theme}")
        assert page.png_size(png) == (WIDTH, HEIGHT)
        # "More" gives the findings the whole row: then the sentence and what prevents it are all on screen.
        if js(d, "return document.querySelector('.side-panel').dataset.overflow") == "true":
            click(d, "[data-testid=findings-more]")
            wait(d, lambda: count(d, ".bottom.findings-wide") == 1, 5, "the findings given the row")
            page.frames(d, 2)
            inside = js(
                d,
                """const b = document.querySelector('.side-panel .panel-body').getBoundingClientRect();
                return ['.explanation', '[data-testid=prevented-by]'].map((s) => {
                  const r = document.querySelector(s).getBoundingClientRect();
                  return r.top >= b.top - 1 && r.bottom <= Math.min(b.bottom, innerHeight) + 1 && r.right <= Math.min(b.right, innerWidth) + 1; });""",
            )
            assert inside == [True, True], inside
            shot(d, f"classroom-present-more-{theme}")
            click(d, "[data-testid=findings-more]")
            wait(d, lambda: count(d, ".bottom.findings-wide") == 0, 5, "the panels back")
