"""Exports and recording mode, in the real app. Figures go through the same
code the export panel's button runs (FigureExport.run, then the
`write_figure` command); the page's e2e hook gives the path the save dialog
would have. The files stay in e2e/out/ to be looked at."""

import os

from PIL import Image

from selenium.webdriver.common.keys import Keys

import page
from conftest import HEIGHT, ROOT, WIDTH
from page import click, count, js, js_async, key, ready, wait

OUT = os.path.join(ROOT, "e2e", "out")
SIZE = {"width": 1280, "height": 720}


def export(d, choice, path):
    """Runs the panel's export with `path` in place of the dialog; returns what was written."""
    if os.path.exists(path):
        os.remove(path)
    return js_async(
        d,
        """const done = arguments[arguments.length - 1];
        window.__interleave.exportFigure(arguments[0], arguments[1]).then(r => done(r), e => done({error: e}));""",
        choice,
        path,
    )


def frames_of(path):
    with Image.open(path) as im:
        return im.format, im.size, getattr(im, "n_frames", 1), getattr(im, "is_animated", False)


def test_gif_and_apng_of_the_lost_update_decode(app, shot):
    d = app
    os.makedirs(OUT, exist_ok=True)
    steps = js(d, "return window.__interleave.state().steps")
    assert steps == 4, steps
    click(d, "[data-testid=export-open]")
    wait(d, lambda: count(d, "[data-testid=export-panel]") == 1, 5, "the export panel")
    for fmt, name, want in [("gif", "lost-update-none-slide.gif", "GIF"), ("apng", "lost-update-none-slide.apng", "PNG")]:
        path = os.path.join(OUT, name)
        written = export(d, {"format": fmt, "layout": "slide", "size": SIZE, "moment": "step"}, path)
        assert "error" not in written, written
        assert written["path"] == path and written["bytes"] == os.path.getsize(path), written
        kind, size, n, animated = frames_of(path)
        # One frame per step, then the whole run held at the end.
        assert (kind, size, n, animated) == (want, (WIDTH, HEIGHT), steps + 1, True), (name, kind, size, n)
        # The panel says how big the file is.
        wait(d, lambda: js(d, "const e = document.querySelector('[data-testid=export-result]'); return e && +e.dataset.bytes") == written["bytes"], 5, "the size in the panel")
        if fmt == "gif":
            assert written["bytes"] < 600 * 1024, written
    shot(d, "export-panel-light")
    # Timeline only, at 1920x1080, dark: decodes too.
    click(d, "[data-testid=theme-toggle]")
    path = os.path.join(OUT, "lost-update-none-timeline-dark-1920.gif")
    written = export(d, {"format": "gif", "layout": "timeline", "size": {"width": 1920, "height": 1080}, "moment": "step"}, path)
    assert "error" not in written, written
    assert frames_of(path)[1:3] == ((1920, 1080), steps + 1)


def test_a_bad_path_is_an_error_in_the_banner_not_a_crash(app):
    d = app
    result = export(d, {"format": "gif", "layout": "slide", "size": SIZE, "moment": "step"}, "/nonexistent-dir/x.gif")
    assert result.get("error", {}).get("code") == "io", result
    wait(d, lambda: count(d, "[data-testid=error-banner]") == 1, 5, "the error banner")
    assert ready(d, "builtin:lost-update.toml", "none")


def test_slide_png_of_write_skew_names_its_finding(app, shot):
    d = app
    os.makedirs(OUT, exist_ok=True)
    click(d, '[data-testid=scenario-item][data-id="builtin:write-skew.toml"]')
    wait(d, lambda: ready(d, "builtin:write-skew.toml", "none"), 10, "the write-skew timeline")
    assert "write_skew" in js(d, "return window.__interleave.state().findings")
    key(d, Keys.END)
    for theme, name in [("light", "write-skew-none-slide.png"), ("dark", "write-skew-none-slide-dark.png")]:
        if js(d, "return document.documentElement.dataset.theme") != theme:
            click(d, "[data-testid=theme-toggle]")
        path = os.path.join(OUT, name)
        written = export(d, {"format": "png", "layout": "slide", "size": SIZE, "moment": "step"}, path)
        assert "error" not in written, written
        assert frames_of(path)[:3] == ("PNG", (WIDTH, HEIGHT), 1)
    # The still SVG of the whole run, for slides that scale.
    svg = os.path.join(OUT, "write-skew-none-whole-run.svg")
    written = export(d, {"format": "svg", "layout": "slide", "size": SIZE, "moment": "whole"}, svg)
    assert "error" not in written, written
    text = open(svg, encoding="utf-8").read()
    assert "DejaVu Sans" in text and "figure-finding" in text and "playhead-band" not in text


def test_recording_mode_hides_all_chrome_and_the_same_key_brings_it_back(app, shot):
    d = app
    shown = "return [...arguments].map(s => { const e = document.querySelector(s); return !!e && e.getClientRects().length > 0; })"
    chrome = [".topbar", ".sidebar", ".transport"]
    figure = ["[data-testid=timeline]", ".caption-bar", "[data-testid=db-panel]", "[data-testid=beliefs-panel]"]
    assert js(d, shown, *chrome) == [True, True, True]
    click(d, "[data-testid=jump-anomaly]")
    for theme in ["light", "dark"]:
        if js(d, "return document.documentElement.dataset.theme") != theme:
            click(d, "[data-testid=theme-toggle]")
        key(d, "f")
        wait(d, lambda: js(d, "return window.__interleave.state().recording"), 5, "recording mode")
        assert js(d, shown, *chrome) == [False, False, False]
        assert js(d, shown, *figure) == [True] * len(figure)
        png = shot(d, f"recording-{theme}")
        assert page.png_size(png) == (WIDTH, HEIGHT)
        # Presentation's sizes: the caption's text is as large as presentation mode draws it.
        assert js(d, "return getComputedStyle(document.querySelector('.caption-text')).fontSize") == "27px"
        key(d, "f")
        wait(d, lambda: js(d, shown, *chrome) == [True, True, True], 5, "the chrome back")
    # F11 does the same; ? shows the keys; Escape closes them, then leaves recording.
    key(d, Keys.F11)
    wait(d, lambda: js(d, "return window.__interleave.state().recording"), 5, "F11 to record")
    key(d, "?")
    wait(d, lambda: count(d, "[data-testid=keys-help]") == 1, 5, "the keys overlay")
    assert "F11" in js(d, "return document.querySelector('[data-testid=keys-help]').textContent")
    shot(d, "keys-help-dark")
    key(d, Keys.ESCAPE)
    wait(d, lambda: count(d, "[data-testid=keys-help]") == 0, 5, "the keys closed")
    assert js(d, "return window.__interleave.state().recording") is True
    key(d, Keys.ESCAPE)
    wait(d, lambda: js(d, shown, *chrome) == [True, True, True], 5, "Escape to leave recording")
