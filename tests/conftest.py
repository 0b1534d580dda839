"""Los fixtures de las pruebas: el libro compilado, las compilaciones con otras
semillas, el PDF, Chromium y un servidor local. Las funciones que las pruebas
importan viven en ``booktools.py`` y ``browsertools.py``.
"""

import os
import shlex
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest
from booktools import BOOK_SEEDS, JUPYTER_BOOK, ROOT, build_book, copy_book, debian_packages, require_tool
from browsertools import CHROMIUM, CHROMIUM_ARGS, serve
from hypothesis.configuration import set_hypothesis_home_dir

# Lo que hypothesis guarda entre ejecuciones, dentro de _build y no en la raíz.
set_hypothesis_home_dir(ROOT / "_build" / ".hypothesis")

SEED_BUILDS = {}  # semilla: carpeta del proyecto copiado


def start_seed_builds(config):
    """Lanza en segundo plano, una tras otra, las compilaciones con LESSONS_BOOK_SEED = 1, 2 y 3.

    Usan un solo hilo de PyTorch (OMP_NUM_THREADS=1) y un capítulo a la vez
    (LESSONS_BOOK_JOBS=1): así ocupan un núcleo
    mientras las demás pruebas avanzan en el otro, y la suite no espera
    cuatro compilaciones seguidas.
    """
    steps = []
    for seed in BOOK_SEEDS:
        project = copy_book(Path(tempfile.mkdtemp(prefix=f"libro-semilla-{seed}-")))
        SEED_BUILDS[seed] = project
        build = [str(JUPYTER_BOOK), "build", str(project), "-W", "-n", "--keep-going", "--builder", "html"]
        steps.append(
            f"cd {shlex.quote(str(project))} && OMP_NUM_THREADS=1 LESSONS_BOOK_JOBS=1 LESSONS_BOOK_SEED={seed} "
            f"PYTHONPATH={shlex.quote(str(project))} {shlex.join(build)} > build.log 2>&1; echo $? > build.rc"
        )
    process = subprocess.Popen(["bash", "-c", "; ".join(steps)], start_new_session=True)
    # Al terminar la sesión (en orden inverso): se para lo que siga en marcha y se borran las copias.
    for project in SEED_BUILDS.values():
        config.add_cleanup(lambda project=project: shutil.rmtree(project, ignore_errors=True))
    config.add_cleanup(lambda: process.poll() is None and os.killpg(process.pid, signal.SIGTERM))


@pytest.hookimpl(trylast=True)  # después de -k y -m: solo cuentan las pruebas que se van a ejecutar
def pytest_collection_modifyitems(session, config, items):
    """Si alguna prueba va a leer las compilaciones de otras semillas, empiezan ya."""
    if not config.option.collectonly and any("seed_builds" in getattr(item, "fixturenames", ()) for item in items):
        start_seed_builds(config)


@pytest.fixture(scope="session")
def seed_builds(pytestconfig):
    """{semilla: carpeta}; cada carpeta tiene build.rc (código de salida) y build.log al terminar."""
    if not SEED_BUILDS:
        start_seed_builds(pytestconfig)
    return SEED_BUILDS


@pytest.fixture(scope="session")
def html_dir():
    build_book()
    return ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def pdf_path(html_dir):
    require_tool("xelatex", debian_packages("TEX_PACKAGES"))
    require_tool("pdftotext", debian_packages("TEX_PACKAGES"))
    build_book(builder="pdflatex")
    pdf = ROOT / "_build" / "latex" / "tecnicas-sobreajuste.pdf"
    # Como `make pdf`: el sitio se vuelve a compilar para enlazar el PDF.
    build_book(env={**os.environ, "LESSONS_BOOK_PDF": str(pdf.relative_to(ROOT))})
    return pdf


# --- Chromium y un servidor local del sitio compilado ---------------------------------


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"falta Chromium; instálalo con: sudo apt-get install {debian_packages('BROWSER_PACKAGES')}"
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
    with serve(html_dir) as url:
        yield url
