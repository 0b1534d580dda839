"""Lo que comparten las pruebas en Chromium: abrir una página y ver qué pasó.

Los fixtures ``browser`` y ``server`` están en ``conftest.py``.
"""

import http.server
import shutil
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
