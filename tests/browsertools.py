"""Lo que comparten las pruebas en Chromium: abrir una página y ver qué pasó.

Los fixtures ``browser`` y ``server`` están en ``conftest.py``.
"""

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

from booktools import ROOT

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


def save_screenshot(target, stem, full_page=False):
    """Guarda lo que ve el lector en ``_build/screenshots/<stem>.png`` si se pide
    (``LESSONS_SCREENSHOTS=1``, como hace ``make screenshots``): mirar no es comprobar,
    y una captura de página entera cuesta tanto como abrirla."""
    if not os.environ.get("LESSONS_SCREENSHOTS"):
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    options = {"full_page": True} if full_page else {}
    target.screenshot(path=str(SCREENSHOTS / f"{stem}.png"), **options)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory):
    """Un servidor http local de ``directory`` mientras dura el bloque; da su dirección."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()


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


#: Anchos de pantalla: un portátil y un teléfono.
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def open_page(browser, url, viewport=WIDE, color_scheme="light"):
    page = browser.new_page(viewport=viewport, color_scheme=color_scheme)
    report = PageReport(page)
    page.goto(url, wait_until="load")
    if page.evaluate("() => !!window.MathJax"):
        page.wait_for_function("() => window.MathJax.startup && window.MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise")
    # El tema pasa de «auto» a claro u oscuro al cargar y los colores cambian con una
    # transición: se espera a que terminen las transiciones finitas antes de mirar.
    page.evaluate(SETTLED)
    return page, report


SETTLED = """() => Promise.all(document.getAnimations()
    .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
    .map(a => a.finished.catch(() => null)))"""


# --- Accesibilidad: axe-core con las reglas WCAG 2.1 A y AA ------------------------------

#: Las reglas de axe-core para las WCAG 2.1, niveles A y AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def site_pages(html_dir):
    """Todas las páginas del sitio que un lector ve (index.html solo redirige)."""
    pages = sorted(
        path.relative_to(html_dir).as_posix()
        for path in html_dir.rglob("*.html")
        if "_static" not in path.parts and "_sources" not in path.parts
    )
    return [name for name in pages if 'http-equiv="Refresh"' not in (html_dir / name).read_text(encoding="utf-8")]


@functools.lru_cache(maxsize=1)
def axe_source():
    import axe_playwright_python  # trae axe-core (axe.min.js) sin descargar nada

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page):
    """Las infracciones de axe-core en la página: [(regla, gravedad, selectores)]."""
    page.evaluate(axe_source())
    return page.evaluate(
        """tags => axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                // WCAG 2.5.3 (nivel A): axe-core aún la marca como experimental.
                rules: {'label-content-name-mismatch': {enabled: true}},
                resultTypes: ['violations'],
            }).then(r => r.violations.map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' ')).slice(0, 3)]))""",
        WCAG_TAGS,
    )
