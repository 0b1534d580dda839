"""Las animaciones del libro en Chromium: se reproducen, se pausan, se recorren con el deslizador.

Cada capítulo con animación se abre por http y como file://. Con
``prefers-reduced-motion`` la animación espera al botón; sin esa preferencia,
se pone en marcha sola al aparecer en pantalla. Se guarda una captura de cada
reproductor en ``_build/screenshots``.
"""

import pytest
from browsertools import PageReport, base_url, save_screenshot

pytestmark = pytest.mark.book

ANIMATED = ["regularizacion", "dropout"]
MAX_BYTES = 1_500_000  # presupuesto de cada animación en la página

STATE = """root => ({
    frame: Number(root.querySelector('input[type=range]').value),
    last: Number(root.querySelector('input[type=range]').max),
    src: root.querySelector('img').src,
    label: root.querySelector('.lessons-animation-label').textContent,
    valuetext: root.querySelector('input[type=range]').getAttribute('aria-valuetext'),
    pressed: root.querySelector('button').getAttribute('aria-pressed'),
    button: root.querySelector('button').textContent.trim(),
    frames: JSON.parse(root.querySelector('script.lessons-animation-frames').textContent),
    labels: JSON.parse(root.querySelector('script.lessons-animation-labels').textContent),
})"""


def open_player(browser, url, reduced_motion):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, reduced_motion=reduced_motion)
    report = PageReport(page)
    page.goto(url, wait_until="load")
    players = page.locator(".lessons-animation")
    assert players.count() == 1
    return page, report, players.first


@pytest.mark.parametrize("mode", ["http", "file"])
@pytest.mark.parametrize("chapter", ANIMATED)
def test_animation_plays_pauses_and_scrubs_without_autoplay_under_reduced_motion(
    browser,
    server,
    html_dir,
    chapter,
    mode,
):
    page, report, player = open_player(browser, f"{base_url(mode, server, html_dir)}/book/{chapter}.html", "reduce")
    player.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    state = player.evaluate(STATE)
    assert state["frame"] == 0 and state["pressed"] == "false" and state["button"] == "Reproducir"
    assert state["src"] == state["frames"][0]
    assert len(state["frames"]) == len(state["labels"]) == state["last"] + 1 >= 10

    # Reproducir: el fotograma avanza.
    player.locator("button").click()
    player.evaluate("root => new Promise(done => setTimeout(done, 50))")
    assert player.evaluate(STATE)["button"] == "Pausa"
    page.wait_for_function(
        "root => Number(root.querySelector('input[type=range]').value) >= 2",
        arg=player.element_handle(),
        timeout=10_000,
    )
    playing = player.evaluate(STATE)
    assert playing["pressed"] == "true" and playing["src"] != state["src"]
    assert playing["src"] == playing["frames"][playing["frame"]]

    # Pausa: el fotograma se queda quieto.
    player.locator("button").click()
    paused = player.evaluate(STATE)
    page.wait_for_timeout(1200)
    assert player.evaluate(STATE)["frame"] == paused["frame"]
    assert paused["pressed"] == "false" and paused["button"] == "Reproducir"

    # Deslizador, con el teclado: Fin lleva al último fotograma; Inicio, al primero.
    slider = player.locator("input[type=range]")
    slider.focus()
    page.keyboard.press("End")
    end = player.evaluate(STATE)
    assert end["frame"] == end["last"] and end["src"] == end["frames"][-1]
    assert end["label"] == end["valuetext"] == end["labels"][-1]
    save_screenshot(player, f"animacion-{chapter}-{mode}")
    page.keyboard.press("Home")
    start = player.evaluate(STATE)
    assert start["frame"] == 0 and start["src"] == start["frames"][0]
    page.close()
    assert not report.errors and not report.external, (report.errors, report.external)


@pytest.mark.parametrize("chapter", ANIMATED)
def test_animation_starts_by_itself_when_seen_without_reduced_motion(browser, server, html_dir, chapter):
    page, report, player = open_player(browser, f"{server}/book/{chapter}.html", "no-preference")
    assert player.evaluate(STATE)["frame"] == 0
    player.scroll_into_view_if_needed()
    page.wait_for_function(
        "root => Number(root.querySelector('input[type=range]').value) >= 1",
        arg=player.element_handle(),
        timeout=10_000,
    )
    page.close()
    assert not report.errors and not report.external


@pytest.mark.parametrize("chapter", ANIMATED)
def test_each_animation_fits_its_budget_in_the_page(browser, html_dir, chapter):
    page = browser.new_page()
    page.goto(f"{html_dir.as_uri()}/book/{chapter}.html", wait_until="load")
    sizes = page.evaluate(
        "() => Array.from(document.querySelectorAll('.lessons-animation'), e => new Blob([e.outerHTML]).size)"
    )
    page.close()
    assert sizes and all(size <= MAX_BYTES for size in sizes), sizes
