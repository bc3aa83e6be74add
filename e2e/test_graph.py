"""The dependency graph, drawn live (issue 11): its panel beside the timeline
and its own view. Asserts by data attributes (data-kind, data-on-cycle,
data-cycle), never by reading English. Screenshots at 1280x720, light and
dark, of the graph at the cycle and of the full graph view."""

from selenium.webdriver.common.keys import Keys

import page
from conftest import HEIGHT, WIDTH
from page import click, count, js, key, ready, wait

PANEL = "[data-testid=dependency-graph]"
VIEW = "[data-testid=graph-view]"


def graph(d, where=PANEL):
    """The graph's state: whether a cycle closed, and each edge as (kind, on cycle)."""
    return js(
        d,
        """const g = document.querySelector(arguments[0] + ' .dep-graph');
        if (!g) return null;
        return {
          cycle: g.dataset.cycle,
          step: +g.dataset.step,
          edges: [...g.querySelectorAll('.dep-edge')].map(e => [e.dataset.kind, e.dataset.onCycle === 'true']),
          nodes: [...g.querySelectorAll('.dep-node')].map(n => [n.dataset.state, n.dataset.onCycle === 'true']),
        };""",
        where,
    )


def at_step(d, step, where=PANEL):
    wait(d, lambda: (graph(d, where) or {}).get("step") == step, 5, f"the graph at step {step}")
    return graph(d, where)


def check_shot(shot, d, name):
    png = shot(d, name)
    assert page.png_size(png) == (WIDTH, HEIGHT), f"{name}: {page.png_size(png)}"


def test_lost_update_under_none_closes_an_rw_ww_cycle_at_the_last_step(app, shot):
    d = app
    key(d, Keys.HOME)
    first = at_step(d, 1)
    assert first["cycle"] == "none", first
    assert first["edges"] == [], first
    assert count(d, f"{PANEL} .dep-edge[data-on-cycle=true]") == 0

    key(d, Keys.END)
    last = at_step(d, 4)
    assert last["cycle"] == "closed", last
    on_cycle = sorted(k for k, on in last["edges"] if on)
    assert on_cycle == ["rw", "ww"], last
    assert all(on for _, on in last["nodes"]) and len(last["nodes"]) == 2, last
    # The timeline marks the steps on the cycle once it has closed.
    marked = js(d, "return [...document.querySelectorAll('[data-testid=event][data-on-cycle=true]')].map(e => +e.dataset.seq)")
    assert marked == [2, 3, 4], marked

    # Focusing an edge (as Tab does) shows its sentence under the graph.
    sentence = js(
        d,
        """const e = document.querySelector(arguments[0] + ' .dep-edge[data-kind=rw]'); e.focus();
        return [e.getAttribute('aria-label'), document.querySelector(arguments[0] + ' .dep-sentence').textContent];""",
        PANEL,
    )
    assert sentence[0] and sentence[0] == sentence[1], sentence
    check_shot(shot, d, "graph-cycle-light")
    page.set_theme(d, "dark")
    check_shot(shot, d, "graph-cycle-dark")


def test_the_cycle_is_not_there_before_its_step(app):
    d = app
    key(d, Keys.HOME)
    for step in (2, 3):
        key(d, Keys.ARROW_RIGHT)
        g = at_step(d, step)
        assert g["cycle"] == "none", g
    # Step 3: Alice's save made the rw edge; the ww edge comes with Bob's save.
    assert [k for k, _ in g["edges"]] == ["rw"], g


def test_lost_update_under_transaction_has_no_cycle(app):
    d = app
    click(d, "[data-testid=strategy-transaction]")
    wait(d, lambda: ready(d, "builtin:lost-update.toml", "transaction"), 10, "the transaction run")
    key(d, Keys.END)
    wait(d, lambda: (graph(d) or {}).get("edges"), 5, "the transaction run's edges")
    g = graph(d)
    assert g["cycle"] == "none", g
    assert sorted(k for k, _ in g["edges"]) == ["wr", "ww"], g
    assert not any(on for _, on in g["edges"]), g
    # The abandoned first attempt is drawn as aborted; the graph's order is Alice, then Bob's retry.
    assert sorted(s for s, _ in g["nodes"]) == ["aborted", "committed", "committed"], g
    order = js(d, "return document.querySelector(arguments[0] + ' .dep-graph').dataset.order", PANEL)
    assert order and len(order.split()) == 2, order


def test_the_graph_view_of_three_users(app, shot):
    d = app
    key(d, "g")
    wait(d, lambda: count(d, f"{VIEW} .dep-graph") == 1, 5, "key G to the graph view")
    key(d, Keys.END)
    g = at_step(d, 4, VIEW)
    assert g["cycle"] == "closed", g
    check_shot(shot, d, "graph-view-light")

    click(d, '[data-testid=scenario-item][data-id="builtin:write-skew-three.toml"]')
    wait(d, lambda: ready(d, "builtin:write-skew-three.toml", "none"), 10, "three doctors on call")
    key(d, Keys.END)
    g = at_step(d, 6, VIEW)
    assert g["cycle"] == "closed" and [k for k, on in g["edges"] if on] == ["rw", "rw", "rw"], g
    # Three units, none overlapping another or any edge label.
    boxes = js(
        d,
        """return [...document.querySelectorAll(arguments[0] + ' .dep-node rect, ' + arguments[0] + ' .dep-label-box')]
          .map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; });""",
        VIEW,
    )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    page.set_theme(d, "dark")
    check_shot(shot, d, "graph-view-dark")
    key(d, "g")
    wait(d, lambda: count(d, VIEW) == 0 or count(d, f"{VIEW} .dep-graph") == 0, 5, "key G back to the timeline")


def test_presentation_keeps_the_graph_and_the_findings_on_screen(app, shot):
    d = app
    key(d, Keys.END)
    at_step(d, 4)
    page.set_theme(d, "dark")
    key(d, "p")
    wait(d, lambda: count(d, ".presenting") > 0, 5, "presentation mode")
    page.frames(d, 2)
    rects = js(
        d,
        """const r = (s) => { const e = document.querySelector(s); if (!e) return null; const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
        return { svg: r(arguments[0] + ' .dep-svg'), findings: r('[data-testid=finding]'), h: innerHeight, w: innerWidth,
                 status: parseFloat(getComputedStyle(document.querySelector(arguments[0] + ' .dep-status')).fontSize),
                 statusCut: (() => { const e = document.querySelector(arguments[0] + ' .dep-status'); return e.scrollHeight > e.clientHeight + 1; })(),
                 statusText: document.querySelector(arguments[0] + ' .dep-status').textContent.trim() };""",
        PANEL,
    )
    for name in ("svg", "findings"):
        box = rects[name]
        assert box and box[0] >= 0 and box[1] >= 0 and box[2] <= rects["w"] and box[1] < rects["h"] - 40, (name, rects)
    assert rects["status"] >= 20, rects
    # The cycle's name is whole: the narrow panel names it without its route, which the drawing shows.
    assert not rects["statusCut"] and rects["statusText"].endswith("Lost update (G-single)"), rects
    check_shot(shot, d, "graph-present-dark")


def test_compare_draws_a_small_graph_per_strategy(app, shot):
    d = app
    key(d, Keys.END)
    key(d, "c")
    wait(d, lambda: count(d, "[data-testid=compare-view] .dep-graph.size-small") == 5, 10, "a small graph per compare row")
    cycles = js(d, "return [...document.querySelectorAll('[data-testid=compare-view] .dep-graph')].map(g => g.dataset.cycle)")
    # `none` closes the lost update's cycle. Under `atomic` Bob's displayed read, then his
    # UPDATE ... SET balance = balance + 30 reading Alice's 150, is the engine's non-repeatable
    # read (G-single): a cycle too. Pessimistic, optimistic and transaction stay acyclic.
    assert cycles == ["closed", "closed", "none", "none", "none"], cycles
    js(d, "document.querySelector('[data-testid=compare-view] .dep-graph').scrollIntoView({block: 'center'})")
    check_shot(shot, d, "graph-compare-light")


def test_tab_reaches_the_graph_edges_and_shows_their_sentence(app):
    d = app
    key(d, Keys.END)
    at_step(d, 4)
    focused = None
    for _ in range(120):
        key(d, Keys.TAB)
        focused = js(
            d,
            """const e = document.activeElement;
            return e && e.classList && e.classList.contains('dep-edge') ? [e.dataset.kind, e.getAttribute('aria-label')] : null;""",
        )
        if focused:
            break
    assert focused, "Tab never reached an edge of the graph"
    shown = js(d, "return document.querySelector(arguments[0] + ' .dep-sentence').textContent", PANEL)
    assert shown == focused[1], (shown, focused)
    # No trap: a few more Tabs leave the graph, and its sentence line clears.
    for _ in range(4):
        key(d, Keys.TAB)
    inside = js(d, "return !!document.activeElement.closest(arguments[0] + ' svg')", PANEL)
    assert not inside
    assert js(d, "return document.querySelector(arguments[0] + ' .dep-sentence').textContent", PANEL) == ""
