"""Extensión de Sphinx del libro: compilaciones que nunca muestran resultados de ayer.

La caché de ejecución de Jupyter Book identifica cada capítulo solo por sus
celdas de código. Si cambia una función de lessons_lib, o la versión de una de
sus dependencias, las salidas guardadas (figuras y números) quedarían viejas
sin que nadie lo note. Esta extensión calcula una huella de todo eso y, si no
coincide con la de la compilación anterior, vacía la caché y hace que Sphinx
vuelva a leer (y a ejecutar) todos los capítulos. Con el árbol sin cambios, la
caché se usa como siempre.
"""

import hashlib
import importlib.metadata
import os
import re
import shutil
import sys
from pathlib import Path

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
    return digest.hexdigest()


def _runtime_dependencies():
    """Nombres de las dependencias de lessons_lib (sin los extras del libro ni de las pruebas)."""
    requirements = importlib.metadata.requires("lessons_lib") or []
    return {re.match(r"[A-Za-z0-9._-]+", r).group(0) for r in requirements if "extra ==" not in r}


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
    """Los núcleos que ejecutan los capítulos heredan este entorno: sin barras de progreso."""
    os.environ["LESSONS_LIB_PROGRESS"] = "0"
    os.environ["PYTHONHASHSEED"] = "0"


def offline_math(app, config):
    """Fórmulas con MathJax copiado en el sitio por sphinx-mathjax-offline, salida SVG.

    La salida SVG no necesita archivos de fuentes, que Chromium no carga desde
    ``file://``: así las fórmulas se ven igual con el sitio servido o abierto
    desde el disco, y sin conexión.
    """
    config.mathjax_path = "mathjax/tex-svg.js"


def register_spanish_bibliography_style():
    """Estilo de bibliografía «es»: el de pybtex (unsrt) con «y» y «En» en español."""
    from pybtex.plugin import register_plugin
    from pybtex.style.formatting import toplevel
    from pybtex.style.formatting.unsrt import Style, pages
    from pybtex.style.template import names, optional, optional_field, sentence, words

    class SpanishStyle(Style):
        def format_names(self, role, as_sentence=True):
            formatted = names(role, sep=", ", sep2=" y ", last_sep=" y ")
            return sentence[formatted] if as_sentence else formatted

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


def setup(app):
    # «env»: si el valor cambia, Sphinx vuelve a leer todos los documentos.
    app.add_config_value("lessons_lib_fingerprint", "", "env")
    app.connect("config-inited", refresh_cache)
    app.connect("config-inited", quiet_kernels)
    app.connect("config-inited", offline_math)
    register_spanish_bibliography_style()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
