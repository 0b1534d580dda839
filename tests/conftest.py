"""Los fixtures de las pruebas: el libro compilado, los capítulos con otras
semillas, el PDF, Chromium (uno para toda la sesión) y un servidor local. Las funciones que las pruebas
importan viven en ``booktools.py`` y ``browsertools.py``.
"""

import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from booktools import BOOK_SEEDS, CHAPTERS, ROOT, build_book, debian_packages, require_tool
from browsertools import CHROMIUM, CHROMIUM_ARGS, serve
from hypothesis.configuration import set_hypothesis_home_dir

# Lo que hypothesis guarda entre ejecuciones, dentro de _build y no en la raíz.
set_hypothesis_home_dir(ROOT / "_build" / ".hypothesis")

SEED_RUNS = []  # la carpeta con los guiones de los capítulos y sus registros


def start_seed_runs(config):
    """Lanza en segundo plano los capítulos como guiones, con LESSONS_BOOK_SEED = 1, 2 y 3.

    Sin Sphinx ni Jupyter: ``benchmarks/chapter_scripts.py`` convierte cada
    capítulo en un guion con sus celdas en orden, que cuenta las llamadas a
    ``claim``, sigue tras una que falla e imprime los valores pegados. Van uno
    detrás de otro, con un hilo de PyTorch: ocupan un núcleo mientras las demás
    pruebas avanzan en el otro. Cada guion deja ``<capítulo>-<semilla>.log`` y
    su código de salida en ``.rc``.
    """
    from chapter_scripts import write_scripts

    folder = Path(tempfile.mkdtemp(prefix="libro-semillas-"))
    write_scripts(folder, CHAPTERS)
    steps = []
    for seed in BOOK_SEEDS:
        for chapter in CHAPTERS:
            log = shlex.quote(str(folder / f"{chapter}-{seed}.log"))
            rc = shlex.quote(str(folder / f"{chapter}-{seed}.rc"))
            steps.append(
                f"LESSONS_BOOK_SEED={seed} OMP_NUM_THREADS=1 PYTHONPATH={shlex.quote(f'{ROOT}:{folder}')} "
                f"{shlex.quote(sys.executable)} {shlex.quote(str(folder / f'{chapter}.py'))} > {log} 2>&1; echo $? > {rc}"
            )
    process = subprocess.Popen(["bash", "-c", "; ".join(steps)], cwd=ROOT / "book", start_new_session=True)
    SEED_RUNS.append(folder)
    # Al terminar la sesión (en orden inverso): se para lo que siga en marcha y se borra la carpeta.
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
    config.add_cleanup(lambda: process.poll() is None and os.killpg(process.pid, signal.SIGTERM))


@pytest.hookimpl(trylast=True)  # después de -k y -m: solo cuentan las pruebas que se van a ejecutar
def pytest_collection_modifyitems(session, config, items):
    """Si alguna prueba va a leer los guiones con otras semillas, empiezan ya."""
    if not config.option.collectonly and any("seed_runs" in getattr(item, "fixturenames", ()) for item in items):
        start_seed_runs(config)


@pytest.fixture(scope="session")
def seed_runs(pytestconfig):
    """La carpeta con ``<capítulo>-<semilla>.log`` y ``.rc`` de cada guion (véase start_seed_runs)."""
    if not SEED_RUNS:
        start_seed_runs(pytestconfig)
    return SEED_RUNS[0]


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


@pytest.fixture(scope="session")
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
