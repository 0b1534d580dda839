"""La ejecución de los capítulos: una caché que nunca muestra resultados de ayer, en paralelo.

1. **La huella.** La caché de ejecución de Jupyter Book identifica cada
   capítulo solo por sus celdas de código. Si cambia una función de
   lessons_lib, o la versión de una de sus dependencias, las salidas
   guardadas (figuras y números) quedarían viejas sin que nadie lo note. Aquí
   se calcula una huella de todo eso (también del dispositivo y de la semilla
   del libro) y, si no coincide con la de la compilación anterior, se vacía la
   caché y Sphinx vuelve a leer (y a ejecutar) todos los capítulos.
2. **En paralelo.** myst-nb ejecutaría cada cuaderno al leer su página, uno
   detrás de otro, y buena parte de un capítulo usa un solo núcleo. Aquí,
   justo antes de leer, los capítulos que no están en la caché empiezan a
   ejecutarse, ``LESSONS_BOOK_JOBS`` a la vez (por defecto, los núcleos
   disponibles). Mientras, Sphinx lee las páginas sin código; antes de leer
   cada capítulo se espera a que termine y se guarda en la caché de
   jupyter-cache igual que los guarda myst-nb, así que myst-nb encuentra su
   cuaderno en la caché. Un capítulo que
   falla (una celda lanza una excepción, o ``claim`` no se cumple) no se
   guarda: myst-nb lo vuelve a ejecutar al leerlo y detiene la compilación
   con el error de siempre.
3. **Lo que se comprobó.** Con cada capítulo ejecutado se guardan en la caché
   sus segundos, la semilla del libro y cuántas veces llamó a
   ``lessons_lib.claim`` (véase :data:`CLAIM_COUNTER`); la página «Estado del
   libro» lo muestra (módulo ``lessons_status``).
"""

import hashlib
import importlib.metadata
import os
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from myst_nb.core.read import read_myst_markdown_notebook
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError
from sphinx.util import logging

import lessons_lib

logger = logging.getLogger(__name__)

FINGERPRINT_FILE = "lessons_lib.fingerprint"


# --- La huella y la caché ------------------------------------------------------------


def library_fingerprint():
    """SHA-256 del código de lessons_lib, de las versiones de sus dependencias, del dispositivo y de la semilla."""
    digest = hashlib.sha256()
    package = Path(lessons_lib.__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    for name in sorted(runtime_dependencies()):
        digest.update(f"{name}=={importlib.metadata.version(name)}\n".encode())
    digest.update(sys.version.encode())
    digest.update(os.environ.get("LESSONS_LIB_DEVICE", "").encode())
    digest.update(book_seed_offset().encode())
    return digest.hexdigest()


def runtime_dependencies():
    """Nombres de las dependencias de lessons_lib que usa el libro (el núcleo y los extras plot y data)."""
    requirements = importlib.metadata.requires("lessons_lib") or []
    used = [r for r in requirements if "extra ==" not in r or re.search(r'extra == "(plot|data)"', r)]
    return {re.match(r"[A-Za-z0-9._-]+", r).group(0) for r in used}


def book_seed_offset():
    """``LESSONS_BOOK_SEED`` tal como la verán los capítulos (``"0"`` si no está definida)."""
    return os.environ.get("LESSONS_BOOK_SEED", "0")


def cache_path(app):
    """La carpeta de la caché de ejecución (jupyter-cache) de esta compilación."""
    if app.config.nb_execution_cache_path:
        return Path(app.confdir, app.config.nb_execution_cache_path)
    return Path(app.outdir).parent / ".jupyter_cache"


def refresh_cache(app, config):
    """Vacía la caché de ejecución si la huella cambió y la guarda en la configuración."""
    fingerprint = library_fingerprint()
    config.lessons_lib_fingerprint = fingerprint
    cache = cache_path(app)
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


def chapter_record(app, docname):
    """El registro de la caché con la última ejecución del capítulo ``docname``, o None."""
    path = Path(app.env.doc2path(docname))
    notebook = read_myst_markdown_notebook(path.read_text(encoding="utf-8"))
    try:
        return get_cache(str(cache_path(app))).match_cache_notebook(notebook)
    except KeyError:
        return None


# --- La ejecución -------------------------------------------------------------------------

#: Lo que se ejecuta en el núcleo de cada capítulo antes de su primera celda, sin
#: dejar rastro en el cuaderno (ni celda, ni salida, ni número de ejecución): cada
#: llamada a ``lessons_lib.claim`` suma una en el archivo ``{path}`` y después
#: hace lo de siempre. Solo cambia ese núcleo; lessons_lib no sabe nada.
CLAIM_COUNTER = """
def _lessons_book_count_claims(path):
    import functools
    import sys

    # glue importa nbformat, nbformat importa jsonschema y jsonschema, si
    # puede, rfc3987_syntax, que compila una gramática al importarse (un
    # segundo por capítulo). Los capítulos no validan direcciones: sin él,
    # jsonschema solo deja de comprobar ese formato.
    sys.modules.setdefault("rfc3987_syntax", None)
    try:
        import lessons_lib
    except ImportError:
        return
    original = lessons_lib.claim
    calls = [0]

    @functools.wraps(original)
    def claim(condition, text):
        calls[0] += 1
        with open(path, "w") as counter:
            counter.write(str(calls[0]))
        return original(condition, text)

    lessons_lib.claim = sys.modules[original.__module__].claim = claim


_lessons_book_count_claims({path!r})
del _lessons_book_count_claims
"""


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
    """Los cuadernos MyST de ``paths`` que hay que ejecutar, como ``(ruta, cuaderno)``.

    Los que no están en la caché, y los que están sin el recuento de sus
    comprobaciones (los guardó myst-nb, o una versión anterior de esta extensión).
    """
    pending = []
    for path in paths:
        if path.suffix != ".md":
            continue
        notebook = read_myst_markdown_notebook(path.read_text(encoding="utf-8"))
        if "kernelspec" not in notebook.metadata:
            continue  # una página de texto, sin código que ejecutar
        try:
            record = cache.match_cache_notebook(notebook)
        except KeyError:
            record = None
        if record is None or "claims" not in (record.data or {}):
            pending.append((path, notebook))
    return pending


def execute_notebook(notebook, cwd, timeout, allow_errors):
    """Ejecuta ``notebook`` en un núcleo nuevo y cuenta sus llamadas a ``claim``.

    Devuelve ``(segundos, llamadas a claim, error)``; ``error`` es la excepción
    de la celda que falló, o None.
    """
    with tempfile.TemporaryDirectory(prefix="lessons-claims-") as folder:
        counter = Path(folder) / "claims"
        client = NotebookClient(
            notebook,
            timeout=timeout,
            allow_errors=allow_errors,
            record_timing=False,
            resources={"metadata": {"path": cwd}},
        )

        async def count_claims(notebook):
            message = client.kc.execute(CLAIM_COUNTER.format(path=str(counter)), silent=True, store_history=False)
            await client.async_wait_for_reply(message)

        client.on_notebook_start = count_claims
        start = time.perf_counter()
        error = None
        try:
            client.execute()
        except (CellExecutionError, CellTimeoutError) as exception:
            error = exception
        seconds = time.perf_counter() - start
        claims = int(counter.read_text()) if counter.exists() else 0
    return seconds, claims, error


def code_size(notebook):
    """Caracteres de código de un cuaderno: la estimación de cuánto tarda en ejecutarse.

    Mejor que el tamaño del archivo, que también cuenta el texto.
    """
    return sum(len(cell.source) for cell in notebook.cells if cell.cell_type == "code")


def expected_finish_order(costs, jobs):
    """Los nombres de ``costs`` en el orden en que se espera que terminen, con ``jobs`` a la vez.

    ``costs`` asocia a cada nombre una estimación de su duración; cada uno
    entra, en ese orden, en el trabajador que antes queda libre.
    """
    free, finish = [0] * jobs, {}
    for name, cost in costs.items():
        worker = free.index(min(free))
        free[worker] += cost
        finish[name] = free[worker]
    return sorted(finish, key=finish.get)


def execute_chapters(app, env, docnames):
    """Empieza a ejecutar, varios a la vez, los capítulos que se van a leer y no están en la caché.

    No espera: mientras se ejecutan, Sphinx lee las páginas sin código (se
    ponen delante en ``docnames``) y después los capítulos, en el orden en que
    se espera que terminen; :func:`wait_for_chapter` espera a cada uno justo
    antes de leerlo.
    """
    config = app.config
    app.lessons_running = {}
    if config.nb_execution_mode != "cache" or not docnames:
        return
    cache = get_cache(str(cache_path(app)))
    pending = pending_notebooks(cache, [Path(env.doc2path(name)) for name in sorted(docnames)])
    if not pending:
        return
    jobs = min(parallel_jobs(), len(pending))
    logger.info(f"Ejecutando {len(pending)} capítulos, {jobs} a la vez")
    executor = ThreadPoolExecutor(jobs)
    # Los más largos primero (según su código), para acabar a la vez.
    pending.sort(key=lambda item: code_size(item[1]), reverse=True)
    costs = {}
    for path, notebook in pending:
        future = executor.submit(
            execute_notebook, notebook, str(path.parent), config.nb_execution_timeout, config.nb_execution_allow_errors
        )
        docname = env.path2doc(str(path))
        app.lessons_running[docname] = (path, notebook, future)
        costs[docname] = code_size(notebook)
    executor.shutdown(wait=False)
    position = {name: i + 1 for i, name in enumerate(expected_finish_order(costs, jobs))}
    docnames.sort(key=lambda name: position.get(name, 0))


def wait_for_chapter(app, docname, source):
    """Antes de leer un capítulo en ejecución, espera a que termine y lo guarda en la caché.

    Un capítulo que falla (una celda lanza una excepción, o ``claim`` no se
    cumple) no se guarda: myst-nb lo vuelve a ejecutar al leerlo y detiene la
    compilación con el error de siempre.
    """
    running = getattr(app, "lessons_running", {})
    if docname not in running:
        return
    path, notebook, future = running.pop(docname)
    seconds, claims, error = future.result()
    if error is not None:
        logger.info(f"{path.name} falló; myst-nb lo volverá a ejecutar para informar del error")
        return
    logger.info(f"{path.name} ejecutado en {seconds:.1f} s ({claims} comprobaciones)")
    data = {"execution_seconds": seconds, "claims": claims, "book_seed": book_seed_offset()}
    cache = get_cache(str(cache_path(app)))
    cache.cache_notebook_bundle(CacheBundleIn(notebook, str(path), data=data), check_validity=False, overwrite=True)


def setup(app):
    # «env»: si el valor cambia, Sphinx vuelve a leer todos los documentos.
    app.add_config_value("lessons_lib_fingerprint", "", "env")
    app.connect("config-inited", refresh_cache)
    app.connect("config-inited", quiet_kernels)
    app.connect("env-before-read-docs", execute_chapters)
    app.connect("source-read", wait_for_chapter)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
