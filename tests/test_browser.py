"""El sitio visto como lo ve un lector: Chromium sin interfaz, servido por http y abierto como file://.

Cada página del libro se abre de las dos formas y se comprueba que no hay
errores en la consola, que ninguna petición sale del propio sitio, que todas
las fórmulas están compuestas por MathJax, sin restos de ``$`` o ``\\(``, y que
todas las imágenes cargan. Se guarda una captura de cada página en
``_build/screenshots``. La búsqueda debe encontrar «sobreajuste».
"""

import functools
import http.server
import os
import re
import shutil
import threading
from urllib.parse import urlparse

import pytest

from conftest import ROOT

pytestmark = pytest.mark.book

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "_build" / "screenshots"


def book_pages(html_dir):
    return sorted(path.relative_to(html_dir).as_posix() for path in (html_dir / "book").glob("*.html"))


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        message = "falta Chromium; instálalo con: sudo apt-get install chromium chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(html_dir):
    handler = functools.partial(QuietHandler, directory=str(html_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def base_url(mode, server, html_dir):
    return server if mode == "http" else html_dir.as_uri()


class PageReport:
    """Lo que pasa al abrir una página: errores de consola y peticiones externas."""

    def __init__(self, page):
        self.errors = []
        self.external = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("requestfailed", lambda request: self.errors.append(f"falló {request.url}"))
        page.on("request", self.check_request)

    def check_request(self, request):
        url = urlparse(request.url)
        if url.scheme in ("http", "https") and url.hostname not in ("127.0.0.1", "localhost"):
            self.external.append(request.url)


def open_page(browser, url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    report = PageReport(page)
    page.goto(url, wait_until="load")
    if page.evaluate("() => !!window.MathJax"):
        page.wait_for_function("() => window.MathJax.startup && window.MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise")
    return page, report


RAW_MATH = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|\$[^$\s][^$]*\$")

VISIBLE_TEXT = """() => {
    const copy = document.querySelector('main').cloneNode(true);
    copy.querySelectorAll('pre, code, script, style, mjx-container, .highlight, .sig').forEach(e => e.remove());
    return copy.innerText;
}"""


@pytest.mark.parametrize("mode", ["http", "file"])
def test_every_page_renders_cleanly(browser, server, html_dir, mode):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
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
        page.screenshot(path=str(SCREENSHOTS / f"{name.replace('/', '-')[:-5]}-{mode}.png"), full_page=True)
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
    for name, min_formulas, min_images in [("book/normas.html", 50, 1), ("book/regularizacion.html", 30, 4),
                                           ("book/dropout.html", 10, 4)]:
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
