"""Extensión de Sphinx del libro.

1. Compilaciones que nunca muestran resultados de ayer. La caché de ejecución
   de Jupyter Book identifica cada capítulo solo por sus celdas de código. Si
   cambia una función de lessons_lib, o la versión de una de sus
   dependencias, las salidas guardadas (figuras y números) quedarían viejas
   sin que nadie lo note. Aquí se calcula una huella de todo eso y, si no
   coincide con la de la compilación anterior, se vacía la caché y Sphinx
   vuelve a leer (y a ejecutar) todos los capítulos. Con el árbol sin
   cambios, la caché se usa como siempre.
2. Un sitio que funciona sin conexión: MathJax servido desde el propio sitio.
3. Cuadernos descargables (.ipynb) que se ejecutan tal cual: la primera celda
   instala lessons_lib si falta. Con ``repository.url`` de GitHub en
   ``_config.yml``, un botón «Abrir en Colab».
4. El PDF del libro enlazado desde cada página, cuando ``make pdf`` lo ha
   compilado junto con el sitio (variable ``LESSONS_BOOK_PDF``).
5. Textos de la interfaz en español y la bibliografía con «y» y «En».
6. La directiva ``libsource`` (módulo ``lessons_source``): el código de
   lessons_lib sin docstrings, con un enlace a su entrada en la API.
7. Páginas accesibles en cualquier pantalla (módulo ``lessons_pages``).
8. Los capítulos se ejecutan en paralelo antes de leerlos (módulo
   ``lessons_execute``; ``LESSONS_BOOK_JOBS`` a la vez, por defecto los núcleos).
"""

import copy
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import sys
from pathlib import Path

import nbformat
from docutils import nodes
from jupyter_cache import get_cache
from myst_nb.core.read import read_myst_markdown_notebook
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

import lessons_lib

FINGERPRINT_FILE = "lessons_lib.fingerprint"


def library_fingerprint():
    """SHA-256 del código de lessons_lib, de las versiones de sus dependencias y del dispositivo."""
    digest = hashlib.sha256()
    package = Path(lessons_lib.__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    for name in sorted(_runtime_dependencies()):
        digest.update(f"{name}=={importlib.metadata.version(name)}\n".encode())
    digest.update(sys.version.encode())
    digest.update(os.environ.get("LESSONS_LIB_DEVICE", "").encode())
    digest.update(os.environ.get("LESSONS_BOOK_SEED", "0").encode())
    return digest.hexdigest()


def _runtime_dependencies():
    """Nombres de las dependencias de lessons_lib que usa el libro (el núcleo y los extras plot y data)."""
    requirements = importlib.metadata.requires("lessons_lib") or []
    used = [r for r in requirements if "extra ==" not in r or re.search(r'extra == "(plot|data)"', r)]
    return {re.match(r"[A-Za-z0-9._-]+", r).group(0) for r in used}


def _cache_path(app, config):
    if config.nb_execution_cache_path:
        return Path(app.confdir, config.nb_execution_cache_path)
    return Path(app.outdir).parent / ".jupyter_cache"


def refresh_cache(app, config):
    """Vacía la caché de ejecución si la huella cambió y la guarda en la configuración."""
    fingerprint = library_fingerprint()
    config.lessons_lib_fingerprint = fingerprint
    cache = _cache_path(app, config)
    stamp = cache / FINGERPRINT_FILE
    if stamp.is_file() and stamp.read_text() == fingerprint:
        return
    if cache.exists():
        shutil.rmtree(cache)
    cache.mkdir(parents=True)
    stamp.write_text(fingerprint)


def quiet_kernels(app, config):
    """Los núcleos que ejecutan los capítulos heredan este entorno: sin barras de progreso.

    Y con los hilos de OpenMP en espera pasiva (si nadie eligió otra cosa):
    con la espera por defecto, el hilo que termina su parte gira y, en una
    máquina de pocos núcleos con otro proceso activo, le quita el núcleo al
    que aún trabaja; un entrenamiento puede ir decenas de veces más lento.
    """
    os.environ["LESSONS_LIB_PROGRESS"] = "0"
    os.environ["PYTHONHASHSEED"] = "0"
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def nitpick_pairs(app, config):
    """``nitpick_ignore`` de ``_config.yml`` llega como listas; Sphinx compara tuplas."""
    config.nitpick_ignore = [tuple(item) for item in config.nitpick_ignore]


def offline_math(app, config):
    """Fórmulas con MathJax copiado en el sitio por sphinx-mathjax-offline, salida SVG.

    La salida SVG no necesita archivos de fuentes, que Chromium no carga desde
    ``file://``: así las fórmulas se ven igual con el sitio servido o abierto
    desde el disco, y sin conexión.
    """
    config.mathjax_path = "mathjax/tex-svg.js"


def register_spanish_bibliography_style():
    """Estilo de bibliografía «es»: el de pybtex (unsrt) con «y», «En», «págs.» y «4.ª ed.» en español."""
    from pybtex.plugin import register_plugin
    from pybtex.style.formatting import toplevel
    from pybtex.style.formatting.unsrt import Style, pages
    from pybtex.style.template import field, join, names, optional, optional_field, sentence, words

    class SpanishStyle(Style):
        def format_names(self, role, as_sentence=True):
            formatted = names(role, sep=", ", sep2=" y ", last_sep=" y ")
            return sentence[formatted] if as_sentence else formatted

        def format_edition(self, e):
            return optional[join[field("edition"), ".ª ed."]]

        def get_inproceedings_template(self, e):
            return toplevel[
                sentence[self.format_names("author")],
                self.format_title(e, "title"),
                words[
                    "En",
                    sentence[
                        self.format_btitle(e, "booktitle", as_sentence=False),
                        optional["págs. ", pages],
                    ],
                    self.format_address_organization_publisher_date(e),
                ],
                sentence[optional_field("note")],
                self.format_web_refs(e),
            ]

    register_plugin("pybtex.style.formatting", "es", SpanishStyle, force=True)


class SpanishExecutionTable(SphinxPostTransform):
    """Cabeceras en español para la tabla de ``{nb-exec-table}`` de myst-nb."""

    default_priority = 9  # después de la que crea la tabla (8)
    headers = {
        "Document": "Capítulo",
        "Modified": "Ejecutado",
        "Method": "Modo",
        "Run Time (s)": "Segundos",
        "Status": "Estado",
    }

    def run(self, **kwargs):
        for table in self.document.findall(nodes.table):
            head = next(table.findall(nodes.thead), None)
            texts = list(head.findall(nodes.Text)) if head is not None else []
            if [str(text) for text in texts] != list(self.headers):
                continue
            for text in texts + [t for t in table.findall(nodes.Text) if str(t) == "cache"]:
                text.parent.replace(text, nodes.Text(self.headers.get(str(text), "caché")))
            if self.app.builder.format == "latex":
                # En el PDF los capítulos no son documentos: enlace → texto.
                for xref in list(table.findall(addnodes.pending_xref)):
                    xref.replace_self(xref.children)


PDF_NAME = "tecnicas-sobreajuste.pdf"

#: Textos de los botones de la cabecera (el tema trae algunos sin traducir).
SPANISH_TOOLTIPS = {
    "download-buttons": "Descargar esta página",
    "download-notebook-button": "Descargar el cuaderno (.ipynb), que se ejecuta tal cual",
    "download-source-button": "Descargar el código fuente MyST (.md)",
    "download-pdf-button": "Imprimir esta página en PDF",
    "fullscreen-button": "Pantalla completa",
}


def install_cell(source):
    """Primera celda de los cuadernos descargables: instala lessons_lib si falta.

    ``source`` es la dirección del repositorio del libro (se instala con
    ``git+``), o la ruta o dirección de una rueda ``.whl``; vacía, la celda
    explica cómo instalarla a mano.
    """
    if source.endswith(".whl"):
        install = f'    %pip install --quiet "{source}"\n'
    elif source:
        install = f'    %pip install --quiet "lessons_lib @ git+{source}"\n'
    else:
        install = (
            "    raise ImportError(\n"
            '        "Este cuaderno necesita lessons_lib. Instálala desde una copia del "\n'
            '        "repositorio del libro (pip install /ruta/al/repositorio) o desde "\n'
            '        "una rueda (pip install /ruta/a/lessons_lib-*.whl)"\n'
            "    )\n"
        )
    text = (
        "# Instala lessons_lib, la biblioteca del libro, si este entorno no la tiene\n"
        "# (por ejemplo, en Colab o en un Jupyter recién instalado).\n"
        "try:\n"
        "    import lessons_lib\n"
        "except ImportError:\n" + install + "    import lessons_lib"
    )
    return nbformat.v4.new_code_cell(text, metadata={"tags": ["lessons-lib-install"]})


def executed_notebook(app, pagename):
    """El cuaderno de un capítulo con las salidas de su última ejecución.

    Lee el fuente MyST y toma las salidas de la caché de ejecución. (El .ipynb
    que myst-nb deja en ``_build/jupyter_execute`` no sirve: cuando el
    capítulo sale de la caché, myst-nb 1.4 lo escribe sin salidas.)
    """
    source = Path(app.env.doc2path(pagename)).read_text(encoding="utf-8")
    cache = get_cache(_cache_path(app, app.config))
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


def _github_parts(url):
    match = re.match(r"https?://github\.com/([^/]+)/([^/.]+)", url or "")
    return match.groups() if match else None


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


def adjust_header_buttons(app, pagename, templatename, context, doctree):
    """Textos en español, el PDF del libro y el botón de Colab."""
    buttons = context.get("header_buttons")
    if buttons is None:
        return
    for button in buttons + [b for group in buttons for b in group.get("buttons", [])]:
        button["tooltip"] = SPANISH_TOOLTIPS.get(button.get("label"), button.get("tooltip"))
    pathto = context["pathto"]
    downloads = next((b for b in buttons if b.get("label") == "download-buttons"), None)
    if downloads is not None and app.config.lessons_book_pdf:
        downloads["buttons"].append(
            {
                "type": "link",
                "url": pathto(PDF_NAME, 1),
                "text": "libro en PDF",
                "tooltip": "Descargar el libro completo en PDF",
                "icon": "fas fa-book",
                "label": "download-book-pdf-button",
            }
        )
    github = _github_parts(app.config.html_theme_options.get("repository_url"))
    if github and context.get("ipynb_source"):
        org, repo = github
        url = f"https://colab.research.google.com/github/{org}/{repo}/blob/gh-pages/_sources/{context['ipynb_source']}"
        buttons.insert(
            0,
            {
                "type": "link",
                "url": url,
                "text": "Abrir en Colab",
                "tooltip": "Abrir este capítulo en Google Colab",
                "icon": "fas fa-rocket",
                "label": "colab-button",
            },
        )


def copy_book_pdf(app, exception):
    """Copia el PDF del libro al sitio, si se compiló junto con él."""
    if exception is None and app.builder.format == "html" and app.config.lessons_book_pdf:
        shutil.copyfile(Path(app.confdir, app.config.lessons_book_pdf), Path(app.outdir, PDF_NAME))


def book_pdf(app, config):
    """``LESSONS_BOOK_PDF``: ruta del PDF recién compilado (la pone ``make pdf``)."""
    path = os.environ.get("LESSONS_BOOK_PDF", "")
    config.lessons_book_pdf = path if path and Path(app.confdir, path).is_file() else ""


def setup(app):
    # «env»: si el valor cambia, Sphinx vuelve a leer todos los documentos.
    app.add_config_value("lessons_lib_fingerprint", "", "env")
    app.add_config_value("lessons_book_pdf", "", "html")
    # Ruta o dirección de una rueda de lessons_lib para la celda de instalación.
    app.add_config_value("lessons_lib_wheel", "", "html")
    app.connect("config-inited", book_pdf)
    # Antes de que el tema arme los botones (501) y después (600).
    app.connect("html-page-context", add_notebook_download, priority=500)
    app.connect("html-page-context", adjust_header_buttons, priority=600)
    app.connect("build-finished", copy_book_pdf)
    app.add_post_transform(SpanishExecutionTable)
    app.connect("config-inited", refresh_cache)
    app.connect("config-inited", quiet_kernels)
    app.connect("config-inited", offline_math)
    app.connect("config-inited", nitpick_pairs)
    register_spanish_bibliography_style()
    app.setup_extension("lessons_source")
    app.setup_extension("lessons_pages")
    app.setup_extension("lessons_execute")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
