"""End-to-end tests of "you are the scheduler" in the real app: the
lost-update challenge won with keys only (S opens it, → moves the playhead,
Alt+← moves Bob's read before Alice's save); "it can't be done" accepted
only when the real explorer finds no execution that meets the goal, and
refused for a challenge that can be done; progress remembered across a
relaunch with the same HOME and XDG dirs. Screenshots: challenge-won-light,
challenge-won-dark."""

import glob
import json
import os
import shutil
import time

from selenium.webdriver.common.keys import Keys

import page
from conftest import APP, HEIGHT, WIDTH
from launch import launched
from page import click, count, js, key, ready, text, wait

CARD = "[data-testid=challenge]"
LOST_UPDATE = "builtin:lost-update.toml"
# The set's challenges whose answer is "it can't be done", one per strategy and
# more (ui/src/model/challenge-set.ts; vitest checks each claim against recorded
# explorer output, this checks it against the explorer in the app).
CANNOT = [
    ("lost-update-both-vanish", LOST_UPDATE, "none"),
    ("lost-update-atomic", LOST_UPDATE, "atomic"),
    ("lost-update-pessimistic", LOST_UPDATE, "pessimistic"),
    ("lost-update-optimistic", LOST_UPDATE, "optimistic"),
    ("lost-update-transaction", LOST_UPDATE, "transaction"),
    ("write-skew-transaction", "builtin:write-skew.toml", "transaction"),
]


def check_shot(shot, d, name):
    png = shot(d, name)
    assert page.png_size(png) == (WIDTH, HEIGHT), f"{name}: {page.png_size(png)}"


def card(d):
    """The card's state, from its data attributes."""
    return js(
        d,
        """const c = document.querySelector('[data-testid=challenge]'); if (!c) return null;
        const a = c.querySelector('[data-testid=challenge-answer]');
        return {id: c.dataset.challenge, status: c.dataset.status, won: c.dataset.won,
                answer: a.hidden ? null : a.dataset.answer, answerText: a.textContent.trim(),
                progress: document.querySelector('[data-testid=challenge-progress]').textContent};""",
    )


def users(d):
    return js(d, "return [...document.querySelectorAll('[data-testid=event]')].sort((a, b) => a.dataset.seq - b.dataset.seq).map(e => e.dataset.user)")


def open_challenge(d, cid, scenario, strategy):
    """Opens a challenge from the sidebar's list of challenges."""
    click(d, f'[data-testid=challenge-pick][data-challenge="{cid}"]')
    wait(d, lambda: (card(d) or {}).get("id") == cid and ready(d, scenario, strategy), 20, f"challenge {cid}")


def answer_cannot(d):
    click(d, "[data-testid=challenge-cannot]")
    wait(d, lambda: (card(d) or {}).get("answer") in ("accepted", "refused", "unproven", "failed"), 60, "the explorer's verdict")
    return card(d)


def test_lost_update_challenge_won_with_keys_only(app, shot):
    d = app
    key(d, "s")
    wait(d, lambda: count(d, CARD) == 1 and ready(d, LOST_UPDATE, "none"), 20, "S to open the first challenge")
    wait(d, lambda: users(d) == ["Alice", "Alice", "Bob", "Bob"], 10, "the challenge's serial start")
    c = card(d)
    assert c["id"] == "lost-update-vanish" and c["status"] == "not_met" and c["won"] == "false", c
    assert "Make Alice's deposit vanish" in text(d, ".challenge-title")
    # The playhead to step 3 (Bob's read), then Alt+← moves it before Alice's save.
    key(d, Keys.ARROW_RIGHT)
    key(d, Keys.ARROW_RIGHT)
    wait(d, lambda: text(d, "[data-testid=playhead]") == "step 3 of 4", 5, "the playhead at step 3")
    key(d, Keys.ARROW_LEFT, modifier=Keys.ALT)
    wait(d, lambda: (card(d) or {}).get("status") == "met", 20, "the goal met after the move")
    assert users(d) == ["Alice", "Bob", "Alice", "Bob"], users(d)
    c = card(d)
    assert c["won"] == "true" and c["progress"].startswith("1 of "), c
    # The win is the checker's report on this run: it found the lost update.
    assert js(d, "return window.__interleave.state().findings") == ["lost_update"]
    key(d, Keys.END)
    check_shot(shot, d, "challenge-won-light")
    page.set_theme(d, "dark")
    check_shot(shot, d, "challenge-won-dark")


def test_cant_be_done_is_accepted_only_when_the_explorer_agrees(app, shot):
    d = app
    key(d, "s")
    wait(d, lambda: count(d, CARD) == 1 and ready(d, LOST_UPDATE, "none"), 20, "the first challenge")
    # A hint from the real explorer: the share that wins, and the learner's turn to move, named.
    click(d, "[data-testid=challenge-hint]")
    wait(d, lambda: (card(d) or {}).get("answer") == "hint", 60, "the hint")
    assert card(d)["answerText"] == "Hint: 2 of 6 interleavings win; try moving Bob's step 1 (read balance) earlier.", card(d)
    check_shot(shot, d, "challenge-hint-light")
    # This one can be done: the answer is refused, with counts and no schedule.
    c = answer_cannot(d)
    check_shot(shot, d, "challenge-refused-light")
    assert c["answer"] == "refused" and c["won"] == "false", c
    assert "It can be done" in c["answerText"] and "Alice" not in c["answerText"], c
    for cid, scenario, strategy in CANNOT:
        open_challenge(d, cid, scenario, strategy)
        c = answer_cannot(d)
        assert c["answer"] == "accepted" and c["won"] == "true", (cid, c)
    assert card(d)["progress"].startswith(f"{len(CANNOT)} of "), card(d)
    # And one that can be done under optimistic refuses it, however it is phrased.
    open_challenge(d, "write-skew-optimistic", "builtin:write-skew.toml", "optimistic")
    c = answer_cannot(d)
    assert c["answer"] == "refused" and c["won"] == "false", c


def progress_file(app_env):
    """The challenges won as the app keeps them: a file of its config dir, written whole."""
    path = os.path.join(app_env["XDG_CONFIG_HOME"], "app.interleave.desktop", "challenges-won.json")
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return None


def test_progress_survives_a_relaunch(app_env, tmp_path):
    with launched(APP, app_env, tmp_path / "first.log") as (d, _):
        wait(d, lambda: ready(d, LOST_UPDATE, "none"), 30, "the first launch")
        key(d, "s")
        wait(d, lambda: count(d, CARD) == 1, 20, "the challenge card")
        open_challenge(d, "lost-update-pessimistic", LOST_UPDATE, "pessimistic")
        assert answer_cannot(d)["won"] == "true"
        # The win goes to the app's file through its own command, within moments of the win.
        deadline = time.time() + 5
        while progress_file(app_env) is None and time.time() < deadline:
            time.sleep(0.05)
        assert progress_file(app_env) == ["lost-update-pessimistic"]
    # Without WebKit's own copy (its localStorage, which it writes to disk a while after the
    # page sets it, so a win just before quitting could be lost there), the file alone remembers.
    for path in glob.glob(os.path.join(app_env["XDG_DATA_HOME"], "*", "localstorage")):
        shutil.rmtree(path)
    with launched(APP, app_env, tmp_path / "second.log") as (d, _):
        wait(d, lambda: ready(d, LOST_UPDATE, "none"), 30, "the second launch")
        key(d, "s")
        wait(d, lambda: count(d, CARD) == 1, 20, "the challenge card after relaunch")
        assert card(d)["progress"].startswith("1 of "), card(d)
        won = js(d, "return [...document.querySelectorAll('[data-testid=challenge-pick][data-won=true]')].map(b => b.dataset.challenge)")
        assert won == ["lost-update-pessimistic"], won
        # S opens the first challenge not yet won.
        assert card(d)["id"] == "lost-update-vanish", card(d)
