"""Los capítulos se ejecutan a la vez, antes de que Sphinx los lea.

myst-nb ejecuta cada cuaderno cuando Sphinx lee su página, uno detrás de
otro. Buena parte de un capítulo usa un solo núcleo (dibujar figuras, sortear
máscaras de dropout, el propio Python), así que en una máquina de 2 núcleos
uno queda casi siempre libre. Aquí, justo antes de leer, los capítulos que no
están en la caché de ejecución se ejecutan en paralelo (tantos a la vez como
``LESSONS_BOOK_JOBS``, por defecto los núcleos disponibles) y se guardan en
la caché de jupyter-cache, igual que los guarda myst-nb. Después, al leer
cada página, myst-nb encuentra su cuaderno en la caché y no lo ejecuta.

Si un capítulo falla (una celda lanza una excepción, o ``claim`` no se
cumple), no se guarda: myst-nb lo vuelve a ejecutar al leerlo y detiene la
compilación con el error de siempre.
"""

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution
from myst_nb.core.read import read_myst_markdown_notebook
from sphinx.util import logging

logger = logging.getLogger(__name__)


def parallel_jobs():
    """Capítulos que se ejecutan a la vez: ``LESSONS_BOOK_JOBS`` o los núcleos disponibles."""
    value = os.environ.get("LESSONS_BOOK_JOBS", "").strip()
    if value:
        if not value.isdigit() or int(value) < 1:
            raise ValueError(f"LESSONS_BOOK_JOBS debe ser un entero mayor o igual que 1; se recibió {value!r}")
        return int(value)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS
        return os.cpu_count() or 1


def pending_notebooks(cache, paths):
    """Los cuadernos MyST de ``paths`` que no están en la caché, como ``(ruta, cuaderno)``."""
    pending = []
    for path in paths:
        if path.suffix != ".md":
            continue
        notebook = read_myst_markdown_notebook(path.read_text(encoding="utf-8"))
        if "kernelspec" not in notebook.metadata:
            continue  # una página de texto, sin código que ejecutar
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            pending.append((path, notebook))
    return pending


def execute_chapters(app, env, docnames):
    """Ejecuta en paralelo los capítulos que se van a leer y no están en la caché."""
    config = app.config
    if config.nb_execution_mode != "cache" or not docnames:
        return
    from lessons_book import _cache_path

    cache = get_cache(str(_cache_path(app, config)))
    pending = pending_notebooks(cache, [Path(env.doc2path(name)) for name in sorted(docnames)])
    jobs = min(parallel_jobs(), len(pending))
    if jobs < 2:
        return  # uno a uno: lo hace myst-nb al leer cada página

    def run(item):
        path, notebook = item
        result = single_nb_execution(
            notebook,
            cwd=str(path.parent),
            timeout=config.nb_execution_timeout,
            allow_errors=config.nb_execution_allow_errors,
        )
        return path, result

    logger.info(f"Ejecutando {len(pending)} capítulos, {jobs} a la vez")
    with ThreadPoolExecutor(jobs) as executor:
        # Los más largos primero (según su tamaño), para acabar a la vez.
        ordered = sorted(pending, key=lambda item: item[0].stat().st_size, reverse=True)
        for path, result in executor.map(run, ordered):
            if result.err is not None:
                logger.info(f"{path.name} falló; myst-nb lo volverá a ejecutar para informar del error")
                continue
            logger.info(f"{path.name} ejecutado en {result.time:.1f} s")
            bundle = CacheBundleIn(result.nb, str(path), data={"execution_seconds": result.time})
            cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)


def setup(app):
    app.connect("env-before-read-docs", execute_chapters)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
