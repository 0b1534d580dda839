"""Lo que comparten las pruebas del libro: compilarlo, copiarlo y leer lo compilado.

Las pruebas que leen el libro comparten una sola compilación (el fixture
``html_dir`` de ``conftest.py``). Solo las que deben recompilar (caché,
determinismo, otras semillas) compilan copias propias en carpetas temporales.
"""

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
CHAPTERS = ["sobreajuste", "normas", "regularizacion", "parada-temprana", "dropout"]  # los capítulos del libro
GLUED = [*CHAPTERS, "clases"]  # páginas con números pegados
NOTEBOOKS = [*GLUED, "reproducibilidad"]  # páginas que se ejecutan


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


def copy_book(destination):
    """Copia lo que hace falta para compilar el libro (sin _build ni .venv)."""
    for name in BOOK_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, destination / name)
    return destination


NOTEBOOK_HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""
#: La dirección de repositorio con la que se prueban Colab e «Informar de un error».
REPOSITORY_URL = "https://github.com/ejemplo/tecnicas-sobreajuste"


def copy_project(destination, chapters=None, pages=None, repository_url=""):
    """Copia el proyecto; con ``chapters`` ({nombre: texto}), un libro con solo esos capítulos.

    ``pages`` ({nombre: texto}) son páginas sin código que van detrás de los
    capítulos; ``repository_url`` llena ``repository.url`` de ``_config.yml``.
    """
    copy_book(destination)
    if chapters is not None:
        (destination / "book" / "intro.md").write_text("# Libro de prueba\n\nUna portada sin código.\n")
        for name, text in chapters.items():
            (destination / "book" / f"{name}.md").write_text(NOTEBOOK_HEADER + text)
        for name, text in (pages or {}).items():
            (destination / "book" / f"{name}.md").write_text(text)
        names = [*chapters, *(pages or {})]
        toc = "format: jb-book\nroot: book/intro\nchapters:\n" + "".join(f"  - file: book/{n}\n" for n in names)
        (destination / "_toc.yml").write_text(toc)
    if repository_url:
        config = destination / "_config.yml"
        text = config.read_text()
        assert '  url: ""' in text, "repository.url ya no está vacía en _config.yml"
        config.write_text(text.replace('  url: ""', f"  url: {repository_url}", 1))
    return destination


def environment(project, **extra):
    """El entorno de la compilación: la copia de lessons_lib va primero en la ruta."""
    return {**os.environ, "PYTHONPATH": str(project), **extra}


def page(project, name):
    return (project / "_build" / "html" / "book" / f"{name}.html").read_text(encoding="utf-8")


def wait_for_seed_run(folder, chapter, seed, timeout=3600):
    """Espera al guion de ``chapter`` con ``LESSONS_BOOK_SEED=seed``; devuelve (código, registro)."""
    log = folder / f"{chapter}-{seed}.log"
    rc = log.with_suffix(".rc")
    deadline = time.monotonic() + timeout
    while not rc.exists() or not rc.read_text().strip():
        if time.monotonic() > deadline:
            pytest.fail(f"el guion de {chapter} con la semilla {seed} no terminó en {timeout} s")
        time.sleep(2)
    return int(rc.read_text()), log.read_text(errors="replace")


def claims_checked(build_dir, chapter):
    """Llamadas a ``claim`` del capítulo en la compilación de ``build_dir`` (las guarda su caché)."""
    from jupyter_cache import get_cache
    from myst_nb.core.read import read_myst_markdown_notebook

    notebook = read_myst_markdown_notebook((ROOT / "book" / f"{chapter}.md").read_text(encoding="utf-8"))
    return get_cache(str(build_dir / ".jupyter_cache")).match_cache_notebook(notebook).data["claims"]


def read_page(html_dir, chapter):
    return (html_dir / "book" / f"{chapter}.html").read_text(encoding="utf-8")


def glued_values(build_dir, chapter):
    """Valores pegados con ``glue`` al ejecutar un capítulo: {nombre: texto}."""
    path = build_dir / "jupyter_execute" / "book" / f"{chapter}.glue.json"
    return {name: shown_text(output["data"]["text/plain"]) for name, output in json.loads(path.read_text()).items()}


def shown_text(plain):
    """El texto que muestra ``{glue:text}``: myst-nb quita las comillas de un texto
    entrecomillado (así pega un SpanishNumber como «0.40» sin perder su cero)."""
    if len(plain) >= 2 and plain[0] == plain[-1] and plain[0] in "'\"":
        return ast.literal_eval(plain)
    return plain


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


def debian_packages(variable):
    """Los paquetes de un grupo de la lista del proyecto (``debian-packages.mk``), separados por espacios."""
    for line in (ROOT / "debian-packages.mk").read_text().splitlines():
        if line.startswith(f"{variable} = "):
            return line.split(" = ", 1)[1].strip()
    raise KeyError(variable)


def require_tool(name, packages):
    """Exige un programa del sistema: sin él, la prueba se omite, salvo en CI, donde falla."""
    if shutil.which(name) is None:
        message = f"falta {name}; instálalo con: sudo apt-get install {packages}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


#: Una directiva ``libsource`` en el fuente de un capítulo: nombre y opciones.
LIBSOURCE = re.compile(r"```\{libsource\} (\S+)\n((?::[a-z-]+: .*\n)*)```")


def chapters_with_listings():
    return sorted(path.stem for path in (ROOT / "book").glob("*.md") if LIBSOURCE.search(path.read_text()))


def directives_in(chapter):
    """[(nombre con módulo, opciones)] de las directivas ``libsource`` del capítulo, en orden."""
    text = (ROOT / "book" / f"{chapter}.md").read_text(encoding="utf-8")
    return [(name, dict(re.findall(r":([a-z-]+): (.*)", options))) for name, options in LIBSOURCE.findall(text)]
