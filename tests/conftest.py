"""Utilidades compartidas por las pruebas: compilar el libro y leer lo compilado.

Las pruebas que leen el libro comparten una sola compilación (``html_dir``,
con alcance de sesión). Solo las que deben recompilar (caché, determinismo)
compilan copias propias en directorios temporales.
"""

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

ROOT = Path(__file__).resolve().parents[1]

# Lo que hypothesis guarda entre ejecuciones, dentro de _build y no en la raíz.
set_hypothesis_home_dir(ROOT / "_build" / ".hypothesis")
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
CHAPTERS = ["normas", "regularizacion", "dropout"]  # los capítulos del libro
GLUED = CHAPTERS + ["clases"]  # páginas con números pegados
NOTEBOOKS = GLUED + ["reproducibilidad"]  # páginas que se ejecutan


def build_book(source=ROOT, builder="html", env=None, check=True):
    """Compila el libro en ``source`` con los mismos avisos-como-errores que ``make book``."""
    command = [str(JUPYTER_BOOK), "build", str(source), "-W", "-n", "--keep-going", "--builder", builder]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=source)
    if check and result.returncode != 0:
        pytest.fail(f"la compilación ({builder}) falló:\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}")
    return result


# --- Las semillas del libro ----------------------------------------------------------

BOOK_SEEDS = (1, 2, 3)  # además de 0, la semilla de la compilación de la sesión
BOOK_FILES = ("_config.yml", "_toc.yml", "lessons_lib", "book", "assignments")
SEED_BUILDS = {}  # semilla: carpeta del proyecto copiado


def copy_book(destination):
    """Copia lo que hace falta para compilar el libro (sin _build ni .venv)."""
    for name in BOOK_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, destination / name)
    return destination


def start_seed_builds(config):
    """Lanza en segundo plano, una tras otra, las compilaciones con LESSONS_BOOK_SEED = 1, 2 y 3.

    Usan un solo hilo de PyTorch (OMP_NUM_THREADS=1): así ocupan un núcleo
    mientras las demás pruebas avanzan en el otro, y la suite no espera
    cuatro compilaciones seguidas.
    """
    steps = []
    for seed in BOOK_SEEDS:
        project = copy_book(Path(tempfile.mkdtemp(prefix=f"libro-semilla-{seed}-")))
        SEED_BUILDS[seed] = project
        build = [str(JUPYTER_BOOK), "build", str(project), "-W", "-n", "--keep-going", "--builder", "html"]
        steps.append(
            f"cd {shlex.quote(str(project))} && OMP_NUM_THREADS=1 LESSONS_BOOK_SEED={seed} "
            f"PYTHONPATH={shlex.quote(str(project))} {shlex.join(build)} > build.log 2>&1; echo $? > build.rc"
        )
    process = subprocess.Popen(["bash", "-c", "; ".join(steps)], start_new_session=True)
    # Al terminar la sesión (en orden inverso): se para lo que siga en marcha y se borran las copias.
    for project in SEED_BUILDS.values():
        config.add_cleanup(lambda project=project: shutil.rmtree(project, ignore_errors=True))
    config.add_cleanup(lambda: process.poll() is None and os.killpg(process.pid, signal.SIGTERM))


def pytest_collection_modifyitems(session, config, items):
    """Si alguna prueba va a leer las compilaciones de otras semillas, empiezan ya."""
    if any("seed_builds" in item.fixturenames for item in items):
        start_seed_builds(config)


@pytest.fixture(scope="session")
def seed_builds(pytestconfig):
    """{semilla: carpeta}; cada carpeta tiene build.rc (código de salida) y build.log al terminar."""
    if not SEED_BUILDS:
        start_seed_builds(pytestconfig)
    return SEED_BUILDS


def wait_for_build(project, timeout=3600):
    """Espera a que termine la compilación de ``project``; devuelve (código, registro)."""
    rc = project / "build.rc"
    deadline = time.monotonic() + timeout
    while not rc.exists() or not rc.read_text().strip():
        if time.monotonic() > deadline:
            pytest.fail(f"la compilación de {project} no terminó en {timeout} s")
        time.sleep(2)
    return int(rc.read_text()), (project / "build.log").read_text(errors="replace")


@pytest.fixture(scope="session")
def html_dir():
    build_book()
    return ROOT / "_build" / "html"


def read_page(html_dir, chapter):
    return (html_dir / "book" / f"{chapter}.html").read_text(encoding="utf-8")


def glued_values(build_dir, chapter):
    """Valores pegados con ``glue`` al ejecutar un capítulo: {nombre: texto}."""
    path = build_dir / "jupyter_execute" / "book" / f"{chapter}.glue.json"
    return {name: output["data"]["text/plain"] for name, output in json.loads(path.read_text()).items()}


def number(text):
    """El valor de un número pegado: 0.0115, «42 504», «96.2 %», «6.0·10⁻⁸» o «−0.02»."""
    text = text.strip().replace("\u202f", "").replace("\u00a0", "").replace("−", "-")
    if text.endswith("%"):
        return float(text[:-1]) / 100
    if "·10" in text:
        mantissa, exponent = text.split("·10")
        exponent = exponent.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-"))
        return float(mantissa) * 10 ** int(exponent)
    return float(text)


def glued_numbers(build_dir, chapter):
    """Los valores pegados de un capítulo que son números (los textos se omiten)."""
    values = {}
    for name, text in glued_values(build_dir, chapter).items():
        try:
            values[name] = number(text)
        except ValueError:
            continue
    return values


def glue_references(chapter):
    """Referencias ``{glue:text}`nombre:formato``` del fuente de un capítulo."""
    source = (ROOT / "book" / f"{chapter}.md").read_text(encoding="utf-8")
    return re.findall(r"\{glue:text\}`([A-Za-z0-9_]+)(?::([^`]*))?`", source)


def pasted_texts(page):
    return re.findall(r'<span class="pasted-text">([^<]*)</span>', page)


def require_tool(name, packages):
    """Exige un programa del sistema: sin él, la prueba se omite, salvo en CI, donde falla."""
    import shutil

    if shutil.which(name) is None:
        message = f"falta {name}; instálalo con: sudo apt-get install {packages}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def pdf_path(html_dir):
    require_tool("xelatex", "texlive-xetex texlive-latex-extra latexmk")
    require_tool("pdftotext", "poppler-utils")
    build_book(builder="pdflatex")
    pdf = ROOT / "_build" / "latex" / "tecnicas-sobreajuste.pdf"
    # Como `make pdf`: el sitio se vuelve a compilar para enlazar el PDF.
    build_book(env={**os.environ, "LESSONS_BOOK_PDF": str(pdf.relative_to(ROOT))})
    return pdf
