"""Compilaciones que nunca mienten: sin salidas viejas, deterministas y con fallos ruidosos.

Estas pruebas compilan copias del proyecto en directorios temporales: libros
diminutos de un capítulo para la caché y los fallos, y una copia completa
para el determinismo.
"""

import json
import os
import re
import shutil
import subprocess

import pytest
from booktools import (
    BOOK_SEEDS,
    CHAPTERS,
    NOTEBOOKS,
    ROOT,
    build_book,
    claims_checked,
    copy_project,
    debian_packages,
    environment,
    glued_values,
    page,
    wait_for_seed_run,
)

pytestmark = pytest.mark.book

import lessons_execute  # noqa: E402

GLUED_NORM = """
# Prueba de la caché

```{code-cell} ipython3
import lessons_lib
from myst_nb import glue

glue("valor", lessons_lib.l2_norm([3.0, 4.0]).item(), display=False)
```

El valor es {glue:text}`valor:.1f`.
"""


def test_changing_the_library_re_executes_and_an_unchanged_tree_uses_the_cache(tmp_path):
    project = copy_project(tmp_path, {"prueba": GLUED_NORM})
    env = environment(project)

    first = build_book(project, env=env)
    assert "prueba.md ejecutado en" in first.stdout + first.stderr
    assert '<span class="pasted-text">5.0</span>' in page(project, "prueba")

    second = build_book(project, env=env)
    assert "ejecutado en" not in second.stdout + second.stderr, "sin cambios debe usarse la caché"
    assert '<span class="pasted-text">5.0</span>' in page(project, "prueba")

    norms = project / "lessons_lib" / "norms.py"
    source = norms.read_text()
    assert "return torch.sqrt(torch.sum(x**2))" in source
    norms.write_text(source.replace("return torch.sqrt(torch.sum(x**2))", "return torch.sqrt(torch.sum(x**2)) + 1"))

    third = build_book(project, env=env)
    assert "prueba.md ejecutado en" in third.stdout + third.stderr
    assert '<span class="pasted-text">6.0</span>' in page(project, "prueba")


def test_fingerprint_follows_library_source_dependencies_device_and_book_seed(monkeypatch):
    base = lessons_execute.library_fingerprint()
    assert base == lessons_execute.library_fingerprint()

    real_version = lessons_execute.importlib.metadata.version
    monkeypatch.setattr(
        lessons_execute.importlib.metadata, "version", lambda name: "0.0.0" if name == "torch" else real_version(name)
    )
    assert lessons_execute.library_fingerprint() != base
    monkeypatch.undo()

    monkeypatch.setenv("LESSONS_LIB_DEVICE", "cuda")
    assert lessons_execute.library_fingerprint() != base
    monkeypatch.undo()

    monkeypatch.setenv("LESSONS_BOOK_SEED", "2")
    assert lessons_execute.library_fingerprint() != base


@pytest.mark.parametrize(("before", "after"), [(None, "PASSIVE"), ("ACTIVE", "ACTIVE")])
def test_kernels_wait_passively_unless_told_otherwise(monkeypatch, before, after):
    # Con la espera activa de OpenMP, un entrenamiento con 2 hilos en 2 núcleos
    # se hunde en cuanto otro proceso usa la CPU (véase benchmarks/README.md).
    if before is None:
        monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    else:
        monkeypatch.setenv("OMP_WAIT_POLICY", before)
    monkeypatch.setenv("LESSONS_LIB_PROGRESS", "1")
    monkeypatch.setenv("PYTHONHASHSEED", "0")  # para que la prueba lo deje como estaba
    lessons_execute.quiet_kernels(None, None)
    assert os.environ["OMP_WAIT_POLICY"] == after
    assert os.environ["LESSONS_LIB_PROGRESS"] == "0"


def test_fingerprint_covers_every_runtime_dependency():
    assert {"torch", "torchvision", "numpy", "matplotlib", "tqdm"} <= lessons_execute.runtime_dependencies()


def test_a_cell_that_raises_fails_the_build_naming_the_chapter_with_its_traceback(tmp_path):
    chapter = """
# Capítulo roto

```{code-cell} ipython3
def divide(a, b):
    return a / b

divide(1, 0)
```
"""
    project = copy_project(tmp_path, {"roto": chapter})
    result = build_book(project, env=environment(project), check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "book/roto.md" in output
    assert "ZeroDivisionError" in output and "divide(1, 0)" in output


BROKEN_CLAIM = """
# Capítulo con una frase falsa

```{code-cell} ipython3
import lessons_lib

lessons_lib.claim(1 + 1 == 3, "uno más uno son tres")
```
"""


def test_chapters_run_in_parallel_and_myst_nb_then_reads_them_from_the_cache(tmp_path):
    chapters = {"prueba": GLUED_NORM, "otra": GLUED_NORM.replace("[3.0, 4.0]", "[6.0, 8.0]")}
    project = copy_project(tmp_path, chapters)
    result = build_book(project, env=environment(project, LESSONS_BOOK_JOBS="2"))
    output = result.stdout + result.stderr
    assert "Ejecutando 2 capítulos, 2 a la vez" in output
    assert "prueba.md ejecutado en" in output and "otra.md ejecutado en" in output
    assert "Executed notebook" not in output, "myst-nb no debe volver a ejecutarlos"
    assert '<span class="pasted-text">5.0</span>' in page(project, "prueba")
    assert '<span class="pasted-text">10.0</span>' in page(project, "otra")


def test_a_chapter_that_fails_in_parallel_still_stops_the_build_with_its_claim(tmp_path):
    project = copy_project(tmp_path, {"prueba": GLUED_NORM, "rota": BROKEN_CLAIM})
    result = build_book(project, env=environment(project, LESSONS_BOOK_JOBS="2"), check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "rota.md falló; myst-nb lo volverá a ejecutar" in output
    assert "book/rota.md" in output
    assert "ClaimError" in output and "uno más uno son tres" in output


def test_one_job_runs_the_chapters_one_at_a_time_and_still_counts_their_claims(tmp_path):
    """Con un solo trabajo, la extensión ejecuta los capítulos uno detrás de otro (no myst-nb),
    para contar sus comprobaciones igual que en paralelo."""
    chapters = {"prueba": GLUED_NORM, "otra": GLUED_NORM.replace("[3.0, 4.0]", "[6.0, 8.0]")}
    project = copy_project(tmp_path, chapters)
    result = build_book(project, env=environment(project, LESSONS_BOOK_JOBS="1"))
    output = result.stdout + result.stderr
    assert "Ejecutando 2 capítulos, 1 a la vez" in output
    assert "prueba.md ejecutado en" in output and "(0 comprobaciones)" in output
    assert "Executed notebook" not in output


@pytest.mark.parametrize("value", ["0", "-1", "dos", "1.5"])
def test_lessons_book_jobs_must_be_a_positive_integer(monkeypatch, value):
    monkeypatch.setenv("LESSONS_BOOK_JOBS", value)
    with pytest.raises(
        ValueError, match=f"LESSONS_BOOK_JOBS debe ser un entero mayor o igual que 1; se recibió '{value}'"
    ):
        lessons_execute.parallel_jobs()


def test_lessons_book_jobs_defaults_to_the_available_cores(monkeypatch):
    monkeypatch.delenv("LESSONS_BOOK_JOBS", raising=False)
    assert lessons_execute.parallel_jobs() == len(os.sched_getaffinity(0))
    monkeypatch.setenv("LESSONS_BOOK_JOBS", "3")
    assert lessons_execute.parallel_jobs() == 3


def test_missing_fashion_mnist_stops_the_build_at_its_first_use_with_the_ways_to_provide_it(tmp_path):
    chapter = """
# Sin datos

```{code-cell} ipython3
# Una máquina sin copia de Fashion-MNIST y sin conexión.
import lessons_lib, lessons_lib.data as data
data.SYSTEM_DATA_DIR = data.Path("/no/existe")
def offline(directory):
    raise OSError("sin conexión")
data._torchvision_download = offline
```

```{code-cell} ipython3
lessons_lib.FashionMNIST()
```
"""
    project = copy_project(tmp_path, {"sin_datos": chapter})
    env = environment(project, XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("LESSONS_LIB_DATA", None)
    result = build_book(project, env=env, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "book/sin_datos.md" in output and "DataNotFoundError" in output
    for way in ("python -m lessons_lib data", "apt-get install dataset-fashion-mnist", "LESSONS_LIB_DATA"):
        assert way in output, way


# --- Determinismo ---------------------------------------------------------------------


def text_outputs(build_dir):
    """Salidas de texto y valores pegados de cada capítulo ejecutado, tal como
    los recibe el lector: en los cuadernos descargables del sitio."""
    outputs = {}
    for name in NOTEBOOKS:
        notebook = json.loads((build_dir / "html" / "_sources" / "book" / f"{name}.ipynb").read_text())
        texts = []
        for cell in notebook["cells"]:
            previous = None
            for output in cell.get("outputs", []):
                if output["output_type"] == "stream":
                    text = "".join(output["text"])
                    # El núcleo parte lo impreso en trozos según cuándo vacía el búfer: dos
                    # trozos seguidos del mismo flujo son un solo texto para el lector.
                    if previous == ("stream", output["name"]):
                        texts[-1] += text
                    else:
                        texts.append(text)
                previous = (output["output_type"], output.get("name"))
                for mime in ("text/plain", "text/markdown"):
                    value = output.get("data", {}).get(mime)
                    if value is not None:
                        texts.append("".join(value))
        glue = build_dir / "jupyter_execute" / "book" / f"{name}.glue.json"
        outputs[name] = (texts, json.loads(glue.read_text()) if glue.exists() else {})
    return outputs


def test_clean_and_cached_builds_print_identical_numbers(html_dir, tmp_path):
    """Una compilación limpia en una copia da los mismos textos y números que la de la
    sesión (limpia en CI), y una recompilación desde la caché, los mismos que la limpia."""
    project = copy_project(tmp_path)
    env = environment(project)
    build_book(project, env=env)
    clean = text_outputs(project / "_build")
    assert clean == text_outputs(html_dir.parent)

    # Todo menos la caché de ejecución: Sphinx vuelve a leer cada capítulo.
    for name in ("html", ".doctrees", "jupyter_execute"):
        shutil.rmtree(project / "_build" / name)
    rebuilt = build_book(project, env=env)
    assert "ejecutado en" not in rebuilt.stdout + rebuilt.stderr
    assert "Executed notebook" not in rebuilt.stdout + rebuilt.stderr
    assert text_outputs(project / "_build") == clean


# --- Lo que falta en la máquina ---------------------------------------------------------


def run_make(target, tmp_path, **env):
    """``make`` como un usuario sin permisos de root y sin nada en el PATH."""
    empty = tmp_path / "bin"
    empty.mkdir(exist_ok=True)
    return subprocess.run(
        [shutil.which("make"), "-s", target, "IS_ROOT="],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": str(empty), "HOME": str(tmp_path), **env},
    )


def test_make_pdf_without_tex_says_exactly_what_to_install(tmp_path):
    result = run_make("tex", tmp_path)
    assert result.returncode != 0
    assert "Falta TeX Live" in result.stderr
    assert f"sudo apt-get install {debian_packages('TEX_PACKAGES')}" in result.stderr


def test_make_test_without_chromium_says_exactly_what_to_install(tmp_path):
    result = run_make("browser", tmp_path)
    assert result.returncode != 0
    assert f"sudo apt-get install {debian_packages('BROWSER_PACKAGES')}" in result.stderr


def test_make_without_fashion_mnist_stops_with_the_ways_to_provide_it(tmp_path):
    empty = tmp_path / "datos"
    empty.mkdir()
    result = run_make("data", tmp_path, LESSONS_LIB_DATA=str(empty))
    assert result.returncode != 0
    assert "apt-get install dataset-fashion-mnist" in result.stderr
    assert "Proporciona Fashion-MNIST" in result.stderr


# --- Las frases del libro, comprobadas al compilar ----------------------------------------


@pytest.mark.parametrize("seed", BOOK_SEEDS)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_claim_holds_for_other_book_seeds(html_dir, seed_runs, chapter, seed):
    """Con LESSONS_BOOK_SEED=k cambian los números, y cada frase del libro sigue siendo cierta.

    Cada capítulo se ejecuta como guion (``benchmarks/chapter_scripts.py``), en
    segundo plano desde que se reúnen las pruebas (conftest.py).
    """
    returncode, log = wait_for_seed_run(seed_runs, chapter, seed)
    summary = re.search(r"^CLAIMS (\d+) FAILED (\d+)", log, re.M)
    assert returncode == 0 and summary, f"{chapter} con LESSONS_BOOK_SEED={seed} falló:\n{log[-6000:]}"
    failed = re.findall(r"^CLAIM FAILED: (.*)$", log, re.M)
    assert not failed, f"{chapter} con LESSONS_BOOK_SEED={seed}: frases que no se cumplen: {failed}"
    # Las mismas frases que en la compilación de la sesión (semilla 0).
    assert int(summary[1]) == claims_checked(html_dir.parent, chapter)
    # La semilla llegó al capítulo: algún número pegado cambia (valores sin redondear:
    # una exactitud con un decimal puede coincidir por casualidad entre semillas).
    seed_0 = glued_values(html_dir.parent, chapter)
    changed = []
    for name, text in re.findall(r"^GLUE (\w+) = (.*)$", log, re.M):
        try:
            changed.append(float(text) != float(seed_0[name]))
        except (KeyError, ValueError):
            continue
    assert any(changed), f"ningún número de {chapter} cambia con LESSONS_BOOK_SEED={seed}"


def sabotaged_build(tmp_path, chapter, path, old, new):
    """Compila un libro con solo ``chapter`` y una copia de lessons_lib estropeada."""
    project = copy_project(tmp_path)
    source = project / "lessons_lib" / path
    text = source.read_text()
    assert old in text, f"el sabotaje ya no encaja con {path}"
    source.write_text(text.replace(old, new))
    toc = f"format: jb-book\nroot: book/intro\nchapters:\n  - file: book/{chapter}\n  - file: book/api\n"
    (project / "_toc.yml").write_text(toc)
    return build_book(project, env=environment(project), check=False)


def test_dropout_without_the_rescale_fails_the_build_naming_the_claim(tmp_path):
    result = sabotaged_build(tmp_path, "dropout", "regularization.py", "return keep * X / (1.0 - p)", "return keep * X")
    assert result.returncode != 0
    assert "ClaimError" in result.stdout + result.stderr
    assert "la media de h' se separa de h solo lo esperable" in result.stdout + result.stderr


def test_weight_decay_without_penalty_fails_the_build_naming_the_claim(tmp_path):
    result = sabotaged_build(
        tmp_path,
        "regularizacion",
        "models.py",
        "return self.lambd * l2_penalty(self.w)",
        "return 0 * l2_penalty(self.w)",
    )
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "ClaimError" in output
    assert (
        "El libro afirma «sin penalización, la norma de los pesos supera a la de los verdaderos, "
        "y con λ = 1 se queda por debajo»" in output
    )


def test_chapters_are_read_in_the_order_they_are_expected_to_finish():
    costs = {"largo": 300, "medio": 200, "corto": 50, "mínimo": 10}
    # Dos a la vez: «largo» y «medio» empiezan; «corto» sigue a «medio» (acaba en 250) y
    # «mínimo» a «corto» (260); «largo» acaba el último (300).
    assert lessons_execute.expected_finish_order(costs, jobs=2) == ["medio", "corto", "mínimo", "largo"]


def test_the_cost_of_a_chapter_is_its_code_not_its_text():
    import nbformat

    cells = [
        nbformat.v4.new_markdown_cell("texto " * 100),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("y = 22"),
    ]
    assert lessons_execute.code_size(nbformat.v4.new_notebook(cells=cells)) == len("x = 1") + len("y = 22")
