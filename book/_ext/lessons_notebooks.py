"""Cuadernos que se descargan y se abren fuera del libro, y los botones de la cabecera.

1. Cada capítulo se descarga como cuaderno (.ipynb) que se ejecuta tal cual:
   la primera celda instala lessons_lib si falta (desde el repositorio del
   libro o desde la rueda de ``lessons_lib_wheel``), y los números pegados con
   ``{glue:text}`` quedan escritos en el texto.
2. Con ``repository.url`` de GitHub en ``_config.yml``: «Abrir en Colab» en
   cada capítulo, con el cuaderno que publica ``.github/workflows/pages.yml``
   (la rama ``gh-pages`` es el sitio: ``_sources/<capítulo>.ipynb``), e
   «Informar de un error» en cada página, que abre una incidencia con el
   título de la página, su archivo y el commit del que se compiló.
3. El PDF del libro enlazado desde cada página cuando ``make pdf`` lo compiló
   junto con el sitio (variable ``LESSONS_BOOK_PDF``).
"""

import copy
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote, urlencode

import nbformat
from jupyter_cache import get_cache
from lessons_execute import cache_path
from lessons_texts import (
    BOOK_PDF_TEXT,
    BOOK_PDF_TOOLTIP,
    COLAB_TEXT,
    COLAB_TOOLTIP,
    GLUE_COMMENT,
    HEADER_TOOLTIPS,
    INSTALL_BY_HAND,
    INSTALL_COMMENT,
    REPORT_BODY,
    REPORT_TEXT,
    REPORT_TITLE,
    REPORT_TOOLTIP,
    UNCOMMITTED,
    UNKNOWN_COMMIT,
)
from myst_nb.core.read import read_myst_markdown_notebook

PDF_NAME = "tecnicas-sobreajuste.pdf"
#: La rama que publica el sitio (``pages.yml``): ahí están los cuadernos que abre Colab.
PUBLISHED_BRANCH = "gh-pages"


# --- Cuadernos descargables ---------------------------------------------------------------


#: ``myst_nb.glue`` donde no hay myst-nb (Colab): muestra el valor, como en el libro, o nada.
GLUE_STAND_IN = """try:
    from myst_nb import glue
except ImportError:
    import sys
    import types

    from IPython import display as ipython_display

    def glue(name, variable, display=True):
        if display:
            ipython_display.display(variable)

    sys.modules["myst_nb"] = types.ModuleType("myst_nb")
    sys.modules["myst_nb"].glue = glue"""


def install_cell(source):
    """Primera celda de los cuadernos descargables: instala lessons_lib si falta.

    Y, si falta myst-nb (en Colab, o en un Jupyter recién instalado), le da a
    los capítulos un ``myst_nb.glue`` que muestra el valor en lugar de pegarlo.

    ``source`` es la dirección del repositorio del libro (se instala con
    ``git+``), o la ruta o dirección de una rueda ``.whl``; vacía, la celda
    explica cómo instalarla a mano.
    """
    if source.endswith(".whl"):
        install = f'    %pip install --quiet "{source}"\n'
    elif source:
        install = f'    %pip install --quiet "lessons_lib @ git+{source}"\n'
    else:
        install = f"    raise ImportError(\n        {INSTALL_BY_HAND!r}\n    )\n"
    text = (
        INSTALL_COMMENT
        + "try:\n    import lessons_lib\nexcept ImportError:\n"
        + install
        + "    import lessons_lib\n\n"
        + GLUE_COMMENT
        + GLUE_STAND_IN
    )
    return nbformat.v4.new_code_cell(text, metadata={"tags": ["lessons-lib-install"]})


def executed_notebook(app, pagename):
    """El cuaderno de un capítulo con las salidas de su última ejecución.

    Lee el fuente MyST y toma las salidas de la caché de ejecución. (El .ipynb
    que myst-nb deja en ``_build/jupyter_execute`` no sirve: cuando el
    capítulo sale de la caché, myst-nb 1.4 lo escribe sin salidas.)
    """
    source = Path(app.env.doc2path(pagename)).read_text(encoding="utf-8")
    cache = get_cache(cache_path(app))
    _, notebook = cache.merge_match_into_notebook(read_myst_markdown_notebook(source))
    return notebook


def downloadable_notebook(notebook, glue_path, install_source):
    """El cuaderno ejecutado, con la celda de instalación delante y los números
    pegados con ``{glue:text}`` escritos en el texto (Jupyter no sabe mostrarlos)."""
    notebook = copy.deepcopy(notebook)
    glued = json.loads(Path(glue_path).read_text()) if Path(glue_path).exists() else {}

    def paste(match):
        name, fmt = match.group(1), match.group(2) or ""
        text = glued[name]["data"]["text/plain"]
        try:
            return format(json.loads(text), fmt)
        except (ValueError, TypeError):
            return text

    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = re.sub(r"\{glue:text\}`([A-Za-z0-9_]+)(?::([^`]*))?`", paste, cell.source)
    notebook.cells.insert(0, install_cell(install_source))
    notebook.metadata.pop("source_map", None)
    return notebook


def add_notebook_download(app, pagename, templatename, context, doctree):
    """Escribe el .ipynb descargable de cada capítulo y se lo pasa al tema."""
    if app.builder.format != "html" or "kernelspec" not in app.env.metadata.get(pagename, {}):
        return
    # Una rueda (lessons_lib_wheel) manda sobre el repositorio.
    source = app.config.lessons_lib_wheel or app.config.html_theme_options.get("repository_url", "")
    glue_path = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.glue.json"
    notebook = downloadable_notebook(executed_notebook(app, pagename), glue_path, source)
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


# --- Colab e «Informar de un error» -----------------------------------------------------------


def github_parts(url):
    """``("org", "repo")`` de una dirección de GitHub, o None."""
    match = re.match(r"https?://github\.com/([^/]+)/([^/.]+)", url or "")
    return match.groups() if match else None


def colab_url(org, repo, ipynb_source):
    """El cuaderno publicado en ``gh-pages`` (``_sources/...``), abierto en Colab."""
    return f"https://colab.research.google.com/github/{org}/{repo}/blob/{PUBLISHED_BRANCH}/_sources/{ipynb_source}"


def report_url(org, repo, title, path, commit):
    """Una incidencia nueva en GitHub con el título de la página, su archivo y el commit."""
    fields = {
        "title": REPORT_TITLE.format(title=title),
        "body": REPORT_BODY.format(title=title, path=path, commit=commit or UNKNOWN_COMMIT),
    }
    return f"https://github.com/{org}/{repo}/issues/new?{urlencode(fields, quote_via=quote)}"


def book_commit(folder):
    """El commit del que se compila el libro (``git rev-parse HEAD``), marcado si hay cambios sin confirmar.

    Vacío si ``folder`` no está en un repositorio git (o no hay git).
    """

    def git(*arguments):
        result = subprocess.run(["git", *arguments], cwd=folder, capture_output=True, text=True, check=False)
        return result.stdout.strip() if result.returncode == 0 else None

    try:
        head = git("rev-parse", "HEAD")
        changed = git("status", "--porcelain", "--untracked-files=no")
    except OSError:
        return ""
    if not head:
        return ""
    return UNCOMMITTED.format(commit=head) if changed else head


def record_commit(app, config):
    """``lessons_book_commit``: el commit de esta compilación (si cambia, se reescriben las páginas)."""
    config.lessons_book_commit = book_commit(app.srcdir)


def link_button(url, text, tooltip, icon, label):
    return {"type": "link", "url": url, "text": text, "tooltip": tooltip, "icon": icon, "label": label}


def adjust_header_buttons(app, pagename, templatename, context, doctree):
    """Textos en español, el PDF del libro, «Abrir en Colab» e «Informar de un error»."""
    buttons = context.get("header_buttons")
    if buttons is None:
        return
    for button in buttons + [b for group in buttons for b in group.get("buttons", [])]:
        button["tooltip"] = HEADER_TOOLTIPS.get(button.get("label"), button.get("tooltip"))
    pathto = context["pathto"]
    downloads = next((b for b in buttons if b.get("label") == "download-buttons"), None)
    if downloads is not None and app.config.lessons_book_pdf:
        downloads["buttons"].append(
            link_button(pathto(PDF_NAME, 1), BOOK_PDF_TEXT, BOOK_PDF_TOOLTIP, "fas fa-book", "download-book-pdf-button")
        )
    github = github_parts(app.config.html_theme_options.get("repository_url"))
    if not github:
        return
    if context.get("ipynb_source"):
        url = colab_url(*github, context["ipynb_source"])
        buttons.insert(0, link_button(url, COLAB_TEXT, COLAB_TOOLTIP, "fas fa-rocket", "colab-button"))
    env = getattr(app, "env", None)
    if env is not None and pagename in env.titles:
        title = env.titles[pagename].astext()
        path = Path(env.doc2path(pagename)).relative_to(app.srcdir).as_posix()
        url = report_url(*github, title, path, app.config.lessons_book_commit)
        buttons.append(link_button(url, REPORT_TEXT, REPORT_TOOLTIP, "fas fa-bug", "report-issue-button"))


# --- El PDF del libro ----------------------------------------------------------------------


def copy_book_pdf(app, exception):
    """Copia el PDF del libro al sitio, si se compiló junto con él."""
    if exception is None and app.builder.format == "html" and app.config.lessons_book_pdf:
        shutil.copyfile(Path(app.confdir, app.config.lessons_book_pdf), Path(app.outdir, PDF_NAME))


def book_pdf(app, config):
    """``LESSONS_BOOK_PDF``: ruta del PDF recién compilado (la pone ``make pdf``)."""
    path = os.environ.get("LESSONS_BOOK_PDF", "")
    config.lessons_book_pdf = path if path and Path(app.confdir, path).is_file() else ""


def setup(app):
    app.add_config_value("lessons_book_pdf", "", "html")
    # Ruta o dirección de una rueda de lessons_lib para la celda de instalación.
    app.add_config_value("lessons_lib_wheel", "", "html")
    app.add_config_value("lessons_book_commit", "", "html")
    app.connect("config-inited", book_pdf)
    app.connect("config-inited", record_commit)
    # Antes de que el tema arme los botones (501) y después (600).
    app.connect("html-page-context", add_notebook_download, priority=500)
    app.connect("html-page-context", adjust_header_buttons, priority=600)
    app.connect("build-finished", copy_book_pdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
