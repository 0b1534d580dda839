"""El sitio visto como lo ve un lector: Chromium sin interfaz, servido por http y abierto como file://.

Cada página del libro se abre de las dos formas y se comprueba que no hay
errores en la consola, que ninguna petición sale del propio sitio, que todas
las fórmulas están compuestas por MathJax, sin restos de ``$`` o ``\\(``, y que
todas las imágenes cargan. La búsqueda debe encontrar «sobreajuste».

Además, cada página del sitio pasa axe-core (reglas WCAG 2.1 A y AA) en modo
claro y oscuro, no se desplaza de lado en un teléfono (390 px), se recorre
con el teclado y pesa poco. Las capturas (1280 y 390 px, claro y oscuro) se
guardan en ``_build/screenshots``.
"""

import functools
import gzip
import re
from urllib.parse import unquote, urlparse

import pytest
from browsertools import PHONE, WIDE, axe_violations, base_url, open_page, save_screenshot, site_pages

pytestmark = pytest.mark.book


def book_pages(html_dir):
    return sorted(path.relative_to(html_dir).as_posix() for path in (html_dir / "book").glob("*.html"))


RAW_MATH = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|\$[^$\s][^$]*\$")

VISIBLE_TEXT = """() => {
    const copy = document.querySelector('main').cloneNode(true);
    copy.querySelectorAll('pre, code, script, style, mjx-container, .highlight, .sig').forEach(e => e.remove());
    return copy.innerText;
}"""


@pytest.mark.parametrize("mode", ["http", "file"])
def test_every_page_renders_cleanly(browser, server, html_dir, mode):
    problems = []
    pages = book_pages(html_dir)
    assert len(pages) >= 7
    for name in pages:
        page, report = open_page(browser, f"{base_url(mode, server, html_dir)}/{name}")
        math = page.evaluate("() => document.querySelectorAll('.math').length")
        typeset = page.evaluate("() => document.querySelectorAll('.math mjx-container').length")
        broken_images = page.evaluate(
            "() => Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
        )
        raw = RAW_MATH.findall(page.evaluate(VISIBLE_TEXT))
        save_screenshot(page, f"{name.replace('/', '-')[:-5]}-{mode}", full_page=True)
        page.close()
        if report.errors:
            problems.append(f"{name}: errores en la consola {report.errors}")
        if report.external:
            problems.append(f"{name}: peticiones a otros servidores {report.external}")
        if typeset != math:
            problems.append(f"{name}: {math - typeset} de {math} fórmulas sin componer")
        if raw:
            problems.append(f"{name}: marcas de fórmula sin componer {raw[:5]}")
        if broken_images:
            problems.append(f"{name}: imágenes que no cargan {broken_images}")
    assert not problems, "\n".join(problems)


def test_chapters_have_formulas_and_images(browser, html_dir):
    for name, min_formulas, min_images in [
        ("book/normas.html", 50, 1),
        ("book/regularizacion.html", 30, 4),
        ("book/dropout.html", 10, 4),
    ]:
        page, _ = open_page(browser, f"{html_dir.as_uri()}/{name}")
        assert page.evaluate("() => document.querySelectorAll('mjx-container').length") >= min_formulas, name
        assert page.evaluate("() => document.images.length") >= min_images, name
        page.close()


@pytest.mark.parametrize("mode", ["http", "file"])
def test_search_finds_sobreajuste(browser, server, html_dir, mode):
    page, report = open_page(browser, f"{base_url(mode, server, html_dir)}/search.html?q=sobreajuste")
    page.wait_for_selector("ul.search li", timeout=20_000)
    results = page.evaluate("() => Array.from(document.querySelectorAll('ul.search li a')).map(a => a.textContent)")
    page.close()
    assert any("Regularización" in title or "Dropout" in title for title in results), results
    assert not report.errors and not report.external


# --- Accesible, en cualquier pantalla y ligero -----------------------------------------

COLOR_SCHEMES = ["light", "dark"]


def screenshot(page, name, viewport, color_scheme):
    stem = name.replace("/", "-")[: -len(".html")]
    save_screenshot(page, f"{stem}-{viewport['width']}-{color_scheme}", full_page=True)


@pytest.mark.parametrize("color_scheme", COLOR_SCHEMES)
def test_every_page_passes_axe_core(browser, server, html_dir, color_scheme):
    pages = site_pages(html_dir)
    assert len(pages) >= 8
    found = []
    for name in pages:
        page, _ = open_page(browser, f"{server}/{name}", color_scheme=color_scheme)
        # El tema sigue al sistema (modo «auto»): la página está de verdad en ese modo.
        assert page.evaluate("() => document.documentElement.dataset.theme") == color_scheme, name
        found += [f"{name}: {rule} ({impact}) en {targets}" for rule, impact, targets in axe_violations(page)]
        screenshot(page, name, WIDE, color_scheme)
        page.close()
    assert not found, "\n".join(found)


PHONE_LAYOUT = """() => {
    const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'
        && e.getBoundingClientRect().right > 0 && e.getBoundingClientRect().left < innerWidth;
    const scrollsInItsBox = e => {
        for (let a = e.parentElement; a; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== 'visible') return true;
        }
        return false;
    };
    return {
        scrollWidth: document.documentElement.scrollWidth,
        sidebar: shown(document.querySelector('.bd-sidebar-primary')),
        toggles: Array.from(document.querySelectorAll('.primary-toggle')).filter(shown).length,
        wide: Array.from(document.querySelectorAll('article.bd-article *'))
            .filter(e => e.getBoundingClientRect().right > innerWidth + 1 && !scrollsInItsBox(e))
            .map(e => e.tagName + ' ' + e.className).slice(0, 5),
    };
}"""


@pytest.mark.parametrize("color_scheme", COLOR_SCHEMES)
def test_no_page_scrolls_sideways_on_a_phone(browser, server, html_dir, color_scheme):
    """A 390 px nada se sale de la pantalla (el código y las tablas se desplazan en su caja)
    y el índice del libro está plegado tras un botón que lo abre."""
    problems = []
    for name in site_pages(html_dir):
        page, _ = open_page(browser, f"{server}/{name}", viewport=PHONE, color_scheme=color_scheme)
        layout = page.evaluate(PHONE_LAYOUT)
        screenshot(page, name, PHONE, color_scheme)
        if layout["scrollWidth"] > PHONE["width"]:
            problems.append(f"{name}: {layout['scrollWidth']} px de ancho en una pantalla de {PHONE['width']}")
        if layout["wide"]:
            problems.append(f"{name}: más anchos que la pantalla {layout['wide']}")
        if layout["sidebar"] or layout["toggles"] != 1:
            problems.append(f"{name}: el índice no está plegado tras un botón")
        elif name == "book/normas.html":
            page.locator(".primary-toggle:visible").click()
            page.wait_for_function("() => document.querySelector('#pst-primary-sidebar-modal').open")
        page.close()
    assert not problems, "\n".join(problems)


def test_long_output_lines_wrap_instead_of_being_cut(browser, server):
    page, _ = open_page(browser, f"{server}/book/normas.html", viewport=PHONE)
    outputs = page.evaluate("""() => Array.from(document.querySelectorAll('div.cell_output pre')).map(e =>
        [e.textContent.trim().slice(0, 40), e.scrollWidth, e.clientWidth])""")
    page.close()
    error = [output for output in outputs if output[0].startswith("ValueError")]
    assert error, "falta la salida con el ValueError en «Normas»"
    assert all(scroll <= client for _, scroll, client in outputs), outputs


FOCUSABLE = """() => Array.from(document.querySelectorAll(
        'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])'))
    .filter(e => !e.disabled && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'
        && !e.closest('[inert], [aria-hidden="true"]'))
    .filter(e => !(e.type === 'radio' && e !== document.querySelector(`input[type="radio"][name="${e.name}"]`)))
    .map((e, i) => { e.dataset.focusCheck = i; return i; })"""


def test_every_control_is_reachable_with_the_keyboard(browser, server):
    """Tab llega a cada control; de un grupo de botones de opción, al primero
    (los demás se eligen con las flechas, como en cualquier formulario)."""
    page, _ = open_page(browser, f"{server}/book/regularizacion.html")
    controls = set(page.evaluate(FOCUSABLE))
    reached = set()
    for _ in range(len(controls) + 20):
        page.keyboard.press("Tab")
        index = page.evaluate("() => document.activeElement && document.activeElement.dataset.focusCheck")
        if index is not None:
            reached.add(int(index))
    missing = page.evaluate(
        """ids => ids.map(i => document.querySelector(`[data-focus-check="${i}"]`).outerHTML.slice(0, 120))""",
        sorted(controls - reached),
    )
    page.close()
    assert len(controls) > 50
    assert not missing, "\n".join(missing)


def test_formulas_carry_mathml_for_screen_readers(browser, server):
    page, _ = open_page(browser, f"{server}/book/normas.html")
    formulas, readable = page.evaluate("""() => [document.querySelectorAll('mjx-container').length,
        document.querySelectorAll('mjx-container mjx-assistive-mml math').length]""")
    page.close()
    assert formulas > 0 and readable == formulas


def test_animations_stop_for_readers_who_ask_for_less_motion(browser, server):
    page = browser.new_page(viewport=WIDE, reduced_motion="reduce")
    page.goto(f"{server}/book/dropout.html", wait_until="load")
    longest = page.evaluate("""() => Math.max(0, ...Array.from(document.querySelectorAll('*')).flatMap(e => {
        const style = getComputedStyle(e);
        return [style.transitionDuration, style.animationDuration].flatMap(d => d.split(',')).map(parseFloat);
    }))""")
    page.close()
    assert longest < 0.01


#: Presupuesto de peso: la primera visita (con todo lo que la página pide) y
#: cada página siguiente (lo que no estaba ya en la caché del navegador), en
#: bytes transferidos por un servidor que comprime el texto con gzip, como
#: hacen los servicios de páginas estáticas.
FIRST_VISIT_BYTES = 2_500_000
FURTHER_PAGE_BYTES = 500_000
TEXT_SUFFIXES = {".html", ".js", ".css", ".svg", ".json", ".txt"}


@functools.cache
def transfer_size(path):
    """Bytes que cuesta descargar ``path``: el texto comprimido con gzip; lo demás, tal cual."""
    data = path.read_bytes()
    return len(gzip.compress(data, compresslevel=6)) if path.suffix in TEXT_SUFFIXES else len(data)


def loaded_files(browser, server, html_dir, name):
    """Los archivos del sitio que el navegador descarga al abrir ``name`` (con MathJax ya compuesto)."""
    page = browser.new_page(viewport=WIDE)
    requested = []
    page.on("request", lambda request: requested.append(urlparse(request.url).path))
    page.goto(f"{server}/{name}", wait_until="load")
    if page.evaluate("() => !!window.MathJax"):
        page.wait_for_function("() => window.MathJax.startup && window.MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise")
    page.wait_for_load_state("networkidle")
    page.close()
    files = {html_dir / unquote(path).lstrip("/") for path in requested}
    return {path for path in files if path.is_file()}


def test_pages_are_light_on_first_and_further_visits(browser, server, html_dir):
    def size(files):
        return sum(transfer_size(path) for path in files)

    visits = {name: loaded_files(browser, server, html_dir, name) for name in site_pages(html_dir)}
    landing = visits["book/intro.html"]
    heavy = [
        f"{name}: {size(files)} bytes en la primera visita"
        for name, files in visits.items()
        if size(files) > FIRST_VISIT_BYTES
    ]
    heavy += [
        f"{name}: {size(files - landing)} bytes después de la portada"
        for name, files in visits.items()
        if size(files - landing) > FURTHER_PAGE_BYTES
    ]
    assert any(path.name == "tex-svg.js" for path in landing)  # MathJax cuenta
    assert not heavy, "\n".join(heavy)
