"""Predict, then reveal, and compare in presentation mode, on the real app
(issue 11). Predict mode (Q) stops playback before the step where the lost
update's cycle closes, asks about it in the caption without giving the
answer away, and the next key reveals it. Compare in presentation mode
(P, then C) fits every row at 1280x720 with no label cut mid-word."""

from selenium.webdriver.common.keys import Keys

import page
from conftest import HEIGHT, WIDTH
from page import count, js, key, ready, wait

LOST = "[data-testid=finding][data-kind=lost_update]"
CAPTION = ".caption-bar"


def caption_state(d):
    return js(d, "const c = document.querySelector(arguments[0]); return c ? c.dataset.question || null : null", CAPTION)


def rendered(d, css):
    """innerText: only what is actually rendered (not display:none, not a placeholder's hidden text)."""
    return js(d, "return [...document.querySelectorAll(arguments[0])].map(e => e.innerText).join('\\n')", css)


def position(d):
    return js(d, "return document.querySelector('[data-testid=playhead]').textContent")


def test_predict_mode_stops_before_bobs_save_and_the_next_key_reveals_it(app, shot):
    d = app
    key(d, "q")
    wait(d, lambda: js(d, "return document.querySelector(arguments[0]).dataset.predict", CAPTION) == "on", 5, "predict mode on")
    key(d, Keys.HOME)
    key(d, Keys.SPACE)
    # Playback runs Alice's and Bob's reads and Alice's save, then stops before Bob's save.
    wait(d, lambda: caption_state(d) == "asking", 20, "the question before Bob's save")
    assert js(d, "return document.querySelector('[data-testid=play]').classList.contains('on')") is False
    assert "3" in position(d) and "4" in position(d), position(d)
    question = rendered(d, "[data-testid=predict-question]")
    assert "Bob" in question and "balance" in question and "?" in question, question
    # Nothing gives the answer away: no lost-update explanation, and not Bob's value.
    assert "is lost" not in rendered(d, LOST), rendered(d, LOST)
    assert "130" not in rendered(d, CAPTION), rendered(d, CAPTION)
    shot(d, "predict-question-light")

    key(d, Keys.SPACE)
    wait(d, lambda: caption_state(d) == "answered", 5, "the answer at Bob's save")
    answer = rendered(d, "[data-testid=predict-answer]")
    assert "130" in answer and "Lost update" in answer, answer
    wait(d, lambda: "is lost" in rendered(d, LOST), 5, "the lost update's explanation")
    assert "4" in position(d), position(d)
    shot(d, "predict-answer-light")

    # → leaves the answer at the last step; ← takes the question away, → asks it again.
    key(d, Keys.ARROW_LEFT)
    wait(d, lambda: caption_state(d) is None, 5, "no question after stepping back")
    key(d, Keys.ARROW_RIGHT)
    wait(d, lambda: caption_state(d) == "asking", 5, "→ asks again before Bob's save")


def compare_geometry(d):
    """Each row's box and the boxes of what must stay inside it, in viewport px."""
    return js(
        d,
        """const r = (e) => { const b = e.getBoundingClientRect(); return {top: b.top, bottom: b.bottom, left: b.left, right: b.right}; };
        const host = document.querySelector('.compare-host');
        const rows = [...document.querySelectorAll('[data-testid=compare-row]')].map((row) => ({
          row: r(row),
          side: r(row.querySelector('.compare-side')),
          timeline: r(row.querySelector('.compare-timeline')),
          sideText: [...row.querySelectorAll('.compare-side *')].map(r),
        }));
        const transport = document.querySelector('.transport');
        return {host: r(host), rows, transport: transport ? r(transport) : null, innerHeight: innerHeight,
                zoom: +document.querySelector('[data-testid=compare-view]').dataset.zoom};""",
    )


def cut_labels(d):
    """Texts in the compare view cut inside a word ("write balan…"; "WHERE …" is cut at a word, as the
    notation line explains), or an element whose text overflows it or is ellipsized by CSS."""
    return js(
        d,
        """const out = [];
        for (const t of document.querySelectorAll('.compare text')) if (/\\S…/.test(t.textContent)) out.push(t.textContent);
        for (const e of document.querySelectorAll('.compare-side *')) {
          const cs = getComputedStyle(e);
          if (e.scrollWidth > e.clientWidth + 1 && cs.overflow !== 'visible') out.push('overflow: ' + e.textContent);
          if (cs.textOverflow === 'ellipsis') out.push('ellipsis: ' + e.textContent);
        }
        return out;""",
    )


def test_compare_in_presentation_fits_the_window_and_cuts_no_label(app, shot):
    d = app
    key(d, "p")
    wait(d, lambda: count(d, ".presenting") > 0, 5, "presentation mode")
    key(d, "c")
    wait(d, lambda: count(d, "[data-testid=compare-view] [data-testid=compare-row]") == 5, 10, "five compare rows")
    page.frames(d, 2)
    g = compare_geometry(d)
    # Presentation enlarges compare as it does the single view.
    assert g["zoom"] > 1, g["zoom"]
    last = g["rows"][-1]["row"]
    # Every row is on screen, whole: above the transport and inside the window.
    assert last["bottom"] <= g["host"]["bottom"] + 0.5, (last, g["host"])
    assert last["bottom"] <= g["innerHeight"], (last, g["innerHeight"])
    if g["transport"]:
        assert last["bottom"] <= g["transport"]["top"], (last, g["transport"])
    for row in g["rows"]:
        # The outcome text stays in its column, clear of the lanes.
        for box in row["sideText"]:
            assert box["right"] <= row["timeline"]["left"] + 0.5, (box, row["timeline"])
            assert box["bottom"] <= row["row"]["bottom"] + 0.5, (box, row["row"])
    assert cut_labels(d) == []
    # Step to the end: the labels of every step are drawn, still none cut.
    key(d, Keys.END)
    page.frames(d, 2)
    assert cut_labels(d) == []
    png = shot(d, "compare-present-light")
    assert page.png_size(png) == (WIDTH, HEIGHT)

    page.set_theme(d, "dark")
    png = shot(d, "compare-present-dark")
    assert page.png_size(png) == (WIDTH, HEIGHT)


def test_compare_outside_presentation_cuts_no_label_either(app):
    d = app
    key(d, "c")
    wait(d, lambda: count(d, "[data-testid=compare-view] [data-testid=compare-row]") == 5, 10, "five compare rows")
    key(d, Keys.END)
    page.frames(d, 2)
    assert cut_labels(d) == []
    g = compare_geometry(d)
    for row in g["rows"]:
        for box in row["sideText"]:
            assert box["right"] <= row["timeline"]["left"] + 0.5, (box, row["timeline"])


def test_compare_with_three_users_keeps_the_outcome_clear_of_the_lanes(app, shot):
    d = app
    item = '[data-testid=scenario-item][data-id="builtin:write-skew-three.toml"]'
    wait(d, lambda: count(d, item) > 0, 10, "three doctors on call in the sidebar")
    page.click(d, item)
    wait(d, lambda: ready(d, "builtin:write-skew-three.toml", "none"), 10, "three doctors on call")
    key(d, "p")
    key(d, "c")
    wait(d, lambda: count(d, "[data-testid=compare-view] [data-testid=compare-row]") == 5, 10, "five compare rows")
    # At the first step, and at the last, where every row's outcome is written out.
    for at in ("first", "last"):
        if at == "last":
            key(d, Keys.END)
        page.frames(d, 2)
        g = compare_geometry(d)
        for row in g["rows"]:
            for box in row["sideText"]:
                assert box["right"] <= row["timeline"]["left"] + 0.5, (at, box, row["timeline"])
                assert box["bottom"] <= row["row"]["bottom"] + 0.5, (at, box, row["row"])
        if at == "last":
            shot(d, "compare-present-three-light")
        assert cut_labels(d) == [], at
