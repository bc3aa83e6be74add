"""End-to-end tests of the real Interleave binary, under Xvfb, through
WebKitWebDriver and selenium. Each test gets a freshly launched app (see
conftest.py). Tests assert behaviour only: how fast the app is belongs to
`make bench-app`. Screenshots land in e2e/screenshots/ at 1280x720."""

import json
import os
import re
import shutil
import time

from selenium.webdriver.common.keys import Keys

import page
from conftest import HEIGHT, ROOT, WIDTH
from page import click, click_svg, count, js, js_async, key, ready, text, wait

LOST = "[data-testid=finding][data-kind=lost_update]"


def to_end(d):
    """The last step: findings and the whole run's outcome show once the playhead reaches them."""
    key(d, Keys.END)
    wait(d, lambda: js(d, "const s = window.__interleave.state(); return s.index === s.steps - 1"), 5, "the last step")


def panels(d):
    return (text(d, "[data-testid=db-panel]"), text(d, "[data-testid=beliefs-panel]"), text(d, "[data-testid=playhead]"))


def check_shot(shot, d, name):
    png = shot(d, name)
    assert page.png_size(png) == (WIDTH, HEIGHT), f"{name}: {page.png_size(png)}"


def test_launch_shows_lost_update_then_optimistic_and_exact_step_back(app, shot):
    d = app
    to_end(d)
    kinds = js(d, "return [...document.querySelectorAll('[data-testid=finding]')].map(e => e.getAttribute('data-kind'))")
    assert "lost_update" in kinds, kinds
    # innerText, not textContent: only what is actually rendered counts as visible.
    rendered = js(d, "return document.querySelector(arguments[0]).innerText", LOST)
    assert "is lost" in rendered and "Bob" in rendered, rendered
    check_shot(shot, d, "launch-light")

    click(d, "[data-testid=strategy-optimistic]")
    wait(d, lambda: ready(d, "builtin:lost-update.toml", "optimistic"), 10, "the optimistic run")
    to_end(d)
    assert count(d, LOST) == 0
    outcomes = js(d, "return [...document.querySelectorAll('[data-testid=event]')].map(e => [e.getAttribute('data-user'), e.getAttribute('data-outcome'), +e.getAttribute('data-seq')])")
    conflicts = [o for o in outcomes if o[1] == "conflict"]
    assert conflicts, outcomes
    user, _, seq = conflicts[0]
    assert any(o[0] == user and o[2] > seq and o[1] == "ok" for o in outcomes), f"no retry after the conflict: {outcomes}"
    check_shot(shot, d, "optimistic-light")

    # Step back then forward: the database and the users' values come back exactly.
    key(d, Keys.HOME)
    for _ in range(3):
        click(d, "[data-testid=step-forward]")
    before = panels(d)
    click(d, "[data-testid=step-back]")
    wait(d, lambda: panels(d) != before, 5, "the playhead to move back")
    click(d, "[data-testid=step-forward]")
    wait(d, lambda: panels(d) == before, 5, "the exact state after stepping forward again")
    # The keyboard does the same: Left, then Right.
    key(d, Keys.ARROW_LEFT)
    wait(d, lambda: panels(d) != before, 5, "ArrowLeft to step back")
    key(d, Keys.ARROW_RIGHT)
    wait(d, lambda: panels(d) == before, 5, "ArrowRight to step forward")


def test_compare_shows_five_strategies_with_badges(app, shot):
    d = app
    click(d, "[data-testid=compare-toggle]")
    wait(d, lambda: count(d, "[data-testid=compare-view] [data-testid=compare-row]") == 5, 10, "five compare rows")
    strategies = js(d, "return [...document.querySelectorAll('[data-testid=compare-row]')].map(e => e.getAttribute('data-strategy'))")
    assert strategies == ["none", "atomic", "pessimistic", "optimistic", "transaction"], strategies
    assert count(d, "[data-testid=compare-row] [data-testid=badge]") == 5
    # Each row's outcome is told at its last step.
    key(d, Keys.END)
    wait(d, lambda: "130" in (text(d, "[data-testid=compare-row] [data-testid=badge]") or ""), 5, "the rows' outcomes")
    badges = js(d, "return [...document.querySelectorAll('[data-testid=compare-row] [data-testid=badge]')].map(e => e.textContent)")
    assert "130" in badges[0] and "180" in badges[1], badges
    check_shot(shot, d, "compare-light")
    page.set_theme(d, "dark")
    check_shot(shot, d, "compare-dark")


def test_a_user_who_gives_up_reads_the_same_in_the_single_view_and_the_compare_badge(app, shot):
    d = app
    item = '[data-testid=scenario-item][data-id="builtin:busy-counter.toml"]'
    click(d, item)
    wait(d, lambda: ready(d, "builtin:busy-counter.toml", "none"), 10, "the busy counter")
    click(d, "[data-testid=strategy-optimistic]")
    wait(d, lambda: ready(d, "builtin:busy-counter.toml", "optimistic"), 10, "the optimistic run")
    to_end(d)
    single = js(d, "return document.querySelector('[data-testid=run-outcome]').dataset.outcome")
    assert single == "gave_up", single
    single_text = text(d, "[data-testid=run-outcome] .run-outcome-text")
    click(d, "[data-testid=compare-toggle]")
    wait(d, lambda: count(d, "[data-testid=compare-view] [data-testid=compare-row]") == 5, 10, "five compare rows")
    row = "[data-testid=compare-row][data-strategy=optimistic] [data-testid=badge]"
    badge = js(d, "return document.querySelector(arguments[0]).dataset.outcome", row)
    assert badge == single, (badge, single)
    assert single_text.strip() in text(d, row), (single_text, text(d, row))
    check_shot(shot, d, "gave-up-compare-light")


def test_live_reload_redraws_and_keeps_last_good_timeline_on_error(app, app_env, tmp_path, shot):
    d = app
    folder = tmp_path / "scenarios"
    folder.mkdir()
    path = folder / "lost-update.toml"
    shutil.copy(os.path.join(ROOT, "fixtures", "lost-update.toml"), path)

    opened = js_async(d, "const done = arguments[arguments.length - 1]; window.__interleave.openFolder(arguments[0]).then(() => done(true), e => done(String(e)))", str(folder))
    assert opened is True, opened
    item = '[data-testid=scenario-item][data-id="folder:lost-update.toml"]'
    wait(d, lambda: count(d, item) == 1, 10, "the opened folder's scenario in the sidebar")
    click(d, item)
    wait(d, lambda: ready(d, "folder:lost-update.toml", "none"), 10, "the folder scenario's timeline")
    to_end(d)
    # The folder is remembered in this test's own config dir, never the real one.
    recent = os.path.join(app_env["XDG_CONFIG_HOME"], "app.interleave.desktop", "recent-folders.json")
    assert os.path.isfile(recent), f"no {recent}"
    assert str(folder) in json.load(open(recent))

    original = path.read_text()
    # Let the watcher settle on the file as opened before the first save.
    time.sleep(0.3)
    path.write_text(original.replace("balance + 50", "balance + 70"))
    # The finding names the values: Alice now saves 100 + 70 = 170.
    wait(d, lambda: "170" in (text(d, LOST) or ""), 10, "the redraw after the save")

    path.write_text(original.replace("[[user]]", "[[user]", 1))
    wait(d, lambda: count(d, "[data-testid=error-banner]") > 0 and re.search(r"\d+:\d+", text(d, "[data-testid=error-banner]") or ""), 10, "an inline error with line:col")
    banner = text(d, "[data-testid=error-banner]")
    assert "lost-update.toml" in banner or re.search(r"\d+:\d+", banner), banner
    wait(d, lambda: ready(d, "folder:lost-update.toml"), 5, "the last good timeline to stay on screen")
    assert "170" in (text(d, LOST) or ""), "the last good findings must stay"
    check_shot(shot, d, "error-light")

    path.unlink()
    wait(d, lambda: "deleted" in (text(d, "[data-testid=notice]") or "").lower(), 10, "a message that the file was deleted")
    wait(d, lambda: ready(d, "folder:lost-update.toml"), 5, "the last good timeline to stay after a delete")
    assert "170" in (text(d, LOST) or "")


def test_reordering_a_turn_reruns_and_the_anomaly_disappears(app):
    d = app
    to_end(d)
    assert count(d, LOST) == 1
    # Alice's save (step 3) moved before Bob's read: Alice, Alice, Bob, Bob runs serially.
    click_svg(d, '[data-testid=event][data-seq="3"]')
    key(d, Keys.ARROW_LEFT, modifier=Keys.ALT)
    wait(d, lambda: count(d, LOST) == 0 and ready(d, "builtin:lost-update.toml", "none"), 10, "the rerun without a lost update")
    users = js(d, "return [...document.querySelectorAll('[data-testid=event]')].sort((a, b) => a.dataset.seq - b.dataset.seq).map(e => e.dataset.user)")
    assert users == ["Alice", "Alice", "Bob", "Bob"], users
    # Keys 1-5 pick a strategy; the edited schedule is kept.
    key(d, "4")
    wait(d, lambda: ready(d, "builtin:lost-update.toml", "optimistic"), 10, "key 4 to pick optimistic")
    key(d, "c")
    wait(d, lambda: count(d, "[data-testid=compare-view] [data-testid=compare-row]") == 5, 10, "key C to compare")


def test_dark_theme_screenshot(app, shot):
    d = app
    page.set_theme(d, "dark")
    click(d, "[data-testid=jump-anomaly]")
    check_shot(shot, d, "launch-dark")
    # Presentation mode, for screencasts: P enters, Escape leaves.
    key(d, "p")
    wait(d, lambda: count(d, ".presenting") > 0, 5, "presentation mode")
    check_shot(shot, d, "presentation-dark")
