"""lessons_lib como paquete: dependencias y extras declarados, importación barata,
rueda instalable y órdenes de instalación de la documentación que funcionan al
copiarlas. (Qué dice una figura o la descarga cuando falta su extra se prueba
en ``tests/lib/test_extras.py``.)

Las pruebas lentas construyen el sdist y la rueda con ``python -m build``, los
pasan por ``twine check`` e instalan la rueda en un entorno virtual nuevo, sin
los paquetes del sistema. Ese entorno ve PyTorch (y solo PyTorch con sus
dependencias) a través de un archivo ``.pth``: copiar PyTorch en cada
ejecución costaría minutos y gigabytes (la versión de PyPI trae las
bibliotecas de CUDA), y no prueba nada de lessons_lib. Todo lo que lessons_lib
pide además de PyTorch (NumPy, tqdm) lo tiene que resolver e instalar pip a
partir de los metadatos de la rueda, así que una dependencia olvidada en
pyproject.toml hace fallar estas pruebas.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path

import lessons_notebooks
import nbformat
import pytest
from booktools import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from lessons_lib import _extras

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: el mismo lector de TOML, publicado aparte
    import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
IMPORT_TIME_GOAL = 0.3  # segundos, además de PyTorch


# --- Dependencias, extras y licencia en pyproject.toml ------------------------------------


def test_the_core_needs_only_torch_numpy_and_tqdm():
    names = {Requirement(r).name for r in PYPROJECT["project"]["dependencies"]}
    assert names == {"torch", "numpy", "tqdm"}
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert extras["plot"] == _extras.EXTRAS["plot"] and extras["data"] == _extras.EXTRAS["data"]
    assert "lessons_lib[plot,data]" in extras["book"]
    assert {Requirement(r).name for r in extras["grading"]} == {"nbgrader", "otter-grader"}


def test_the_license_is_an_spdx_expression():
    assert PYPROJECT["project"]["license"] == "MIT"


IMPORT_PROBE = """
import json, sys, time
import torch
start = time.perf_counter()
import lessons_lib
package = time.perf_counter()
import lessons_lib.checks
checks = time.perf_counter()
loaded = sorted(m for m in ("matplotlib", "torchvision") if m in sys.modules)
print(json.dumps({"lessons_lib": package - start, "lessons_lib.checks": checks - start, "loaded": loaded}))
"""


def import_costs(python, runs=2):
    """Segundos que tardan ``import lessons_lib`` y ``import lessons_lib.checks`` además de
    PyTorch (lo mejor de ``runs`` procesos nuevos), y qué cargan de los extras."""
    results = []
    for _ in range(runs):
        output = subprocess.run([str(python), "-c", IMPORT_PROBE], capture_output=True, text=True, check=True)
        results.append(json.loads(output.stdout.strip().splitlines()[-1]))
    costs = {name: min(r[name] for r in results) for name in ("lessons_lib", "lessons_lib.checks")}
    return costs, results[0]["loaded"]


def test_importing_is_cheap_and_loads_neither_matplotlib_nor_torchvision():
    costs, loaded = import_costs(sys.executable)
    assert loaded == []
    assert max(costs.values()) <= IMPORT_TIME_GOAL, f"además de PyTorch: {costs}"


# --- La rueda en un entorno nuevo -----------------------------------------------------------


def torch_and_its_dependencies():
    """Las distribuciones instaladas que PyTorch necesita (él incluido)."""
    found, pending = {}, [Requirement("torch")]
    while pending:
        requirement = pending.pop()
        dist = metadata.distribution(requirement.name)
        key = (canonicalize_name(requirement.name), tuple(sorted(requirement.extras)))
        if key in found:
            continue
        found[key] = dist
        for text in dist.requires or []:
            needed = Requirement(text)
            extras = requirement.extras or {""}
            if needed.marker is None or any(needed.marker.evaluate({"extra": e}) for e in extras):
                pending.append(needed)
    return {canonicalize_name(d.metadata["Name"]): d for d in found.values()}


def run(command, cwd=None, env=None, timeout=900):
    result = subprocess.run(
        command, shell=isinstance(command, str), cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"falló {command}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def source_tree(tmp_path_factory):
    """Un repositorio git con los archivos del árbol de trabajo (lo que se publicaría)."""
    tree = tmp_path_factory.mktemp("repositorio")
    files = run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT).split("\0")
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, tree / name)
    run(
        "git init -q && git add -A && git -c user.name=pruebas -c user.email=pruebas@localhost commit -qm copia",
        cwd=tree,
    )
    return tree


@pytest.fixture(scope="module")
def dist(source_tree, tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", str(out), str(source_tree)])
    return out


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """Un entorno virtual nuevo que ve PyTorch y sus dependencias, y nada más."""
    directory = tmp_path_factory.mktemp("entorno")
    run([sys.executable, "-m", "venv", str(directory / "venv")])
    # Como `make`: el pip que trae venv puede ser viejo (no entiende «git+file:///»).
    run([str(directory / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    shared = directory / "pytorch"
    shared.mkdir()
    site = Path(metadata.distribution("torch").locate_file(""))
    for dist in torch_and_its_dependencies().values():
        for top in {Path(str(f)).parts[0] for f in dist.files or [] if not str(f).startswith("..")}:
            if (site / top).exists() and not (shared / top).exists():
                (shared / top).symlink_to(site / top)
    python = directory / "venv" / "bin" / "python"
    venv_site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip())
    (venv_site / "pytorch.pth").write_text(f"{shared}\n")
    env = {**os.environ, "PATH": f"{python.parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)
    return {"python": python, "env": env, "dir": directory}


def pip(venv, *args):
    return run([str(venv["python"]), "-m", "pip", *args], env=venv["env"])


def installed(venv):
    listing = json.loads(
        pip(
            venv,
            "list",
            "--format=json",
            "--path",
            run([str(venv["python"]), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip(),
        )
    )
    return {canonicalize_name(p["name"]) for p in listing}


def uninstall(venv):
    pip(venv, "uninstall", "--yes", "--quiet", "lessons_lib")


def python_in(venv, code):
    return run([str(venv["python"]), "-c", textwrap.dedent(code)], env=venv["env"], cwd=venv["dir"])


SIZES = """
import json, sysconfig
from importlib import metadata
site = sysconfig.get_paths()["purelib"]
sizes = {}
for dist in metadata.distributions(path=[site]):
    name = dist.metadata["Name"]
    if name not in ("pip", "setuptools"):
        files = [dist.locate_file(f) for f in dist.files or []]
        sizes[name] = round(sum(f.stat().st_size for f in files if f.is_file()) / 1e6, 2)
sizes["total"] = round(sum(sizes.values()), 1)
print(json.dumps(sizes))
"""


CORE_CHECKS = """
import sys
import lessons_lib
from lessons_lib import checks, dropout_layer, frobenius_norm, l1_penalty, l2_penalty, lp_norm
results = [
    checks.check_l2_penalty(l2_penalty), checks.check_l1_penalty(l1_penalty),
    checks.check_norm(lambda x: lp_norm(x, 3), p=3), checks.check_frobenius_norm(frobenius_norm),
    checks.check_dropout_layer(dropout_layer),
    checks.check_weight_decay_step(lambda w, g, lr, lambd: (1 - lr * lambd) * w - lr * g),
]
assert all(r.passed for r in results), [r.summary() for r in results if not r.passed]
print(sum(len(r.cases) for r in results), "casos correctos")
try:
    import matplotlib
except ImportError:
    pass
else:
    raise AssertionError("matplotlib no debería estar instalado")
try:
    lessons_lib.plot_history(lessons_lib.History())
except ImportError as error:
    print(error)
"""


@pytest.mark.slow
def test_sdist_and_wheel_build_and_pass_twine_check(dist):
    names = sorted(p.name for p in dist.iterdir())
    assert len(names) == 2
    assert re.fullmatch(r"lessons_lib-[\d.]+-py3-none-any\.whl", names[0])
    assert re.fullmatch(r"lessons_lib-[\d.]+\.tar\.gz", names[1])
    output = run([sys.executable, "-m", "twine", "check", "--strict", *map(str, dist.iterdir())])
    assert output.count("PASSED") == 2


@pytest.mark.slow
def test_the_wheel_installs_core_only_and_the_checkers_run_there(dist, venv):
    wheel = next(dist.glob("*.whl"))
    pip(venv, "install", "--quiet", str(wheel))
    assert installed(venv) - {"pip", "setuptools"} == {"lessons-lib", "numpy", "tqdm"}
    sizes = python_in(venv, SIZES)
    print(f"Instalación mínima, además de PyTorch: {sizes}")
    assert json.loads(sizes)["total"] < 100  # MB: casi todo es NumPy
    output = python_in(venv, CORE_CHECKS)
    assert "casos correctos" in output
    assert 'pip install "matplotlib>=3.7"' in output  # el error en español de la figura
    costs, loaded = import_costs(venv["python"])
    print(f"Importar, además de PyTorch: {costs}")
    assert loaded == [] and max(costs.values()) <= IMPORT_TIME_GOAL, costs


def bash_commands(path, heading):
    """Las órdenes de los bloques ```bash de la sección ``heading`` (hasta el siguiente título)."""
    text = path.read_text(encoding="utf-8")
    start = text.index(heading + "\n")
    match = re.search(r"\n#{1,3} ", text[start + len(heading) :])
    section = text[start : start + len(heading) + match.start()] if match else text[start:]
    blocks = re.findall(r"```bash\n(.*?)```", section, re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def python_blocks(path, heading):
    text = path.read_text(encoding="utf-8")
    start = text.index(heading + "\n")
    match = re.search(r"\n## ", text[start + len(heading) :])
    section = text[start : start + len(heading) + match.start()] if match else text[start:]
    return re.findall(r"```python\n(.*?)```", section, re.S)


INSTALL_DOCS = [
    (ROOT / "book" / "clases.md", "## Instalar"),
    (ROOT / "README.md", "## Usar lessons_lib en otro proyecto y en clase"),
]


@pytest.mark.slow
def test_the_readme_example_runs_in_a_core_install(dist, venv):
    uninstall(venv)
    pip(venv, "install", "--quiet", str(next(dist.glob("*.whl"))))
    (block,) = python_blocks(ROOT / "README.md", INSTALL_DOCS[1][1])
    output = python_in(venv, block)
    assert output.strip(), "el ejemplo no imprimió la tabla de pérdidas"


@pytest.mark.slow
def test_every_install_command_in_the_docs_works_as_written(source_tree, venv, tmp_path):
    places = {
        "<url-del-repositorio>": f"file://{source_tree}",
        "/ruta/a/la/copia/del/repositorio": str(source_tree),
        "/ruta/al/repositorio": str(source_tree),
    }
    commands = [command for path, heading in INSTALL_DOCS for command in bash_commands(path, heading)]
    assert len(commands) == 8 and all(command.startswith("pip ") for command in commands), commands
    done = set()
    for command in commands:
        for placeholder, value in places.items():
            command = command.replace(placeholder, value)
        if command in done:  # la misma orden en el libro y en el README
            continue
        if command.startswith("pip install"):
            uninstall(venv)
        run(command, cwd=tmp_path, env=venv["env"])
        done.add(command)
        if command.startswith("pip install"):
            assert "lessons-lib" in installed(venv), command
    # La última orden instaló los extras: las figuras ya funcionan.
    python_in(venv, "import lessons_lib; lessons_lib.plot_unit_balls().savefig('bolas.png')")


def fresh_kernel(venv, tmp_path, monkeypatch, *packages):
    """Un núcleo de Jupyter («entorno-nuevo») en ``venv``, sin lessons_lib, con ipykernel y ``packages``."""
    uninstall(venv)
    pip(venv, "install", "--quiet", "ipykernel", *packages)
    kernels = tmp_path / "kernels" / "entorno-nuevo"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(venv["python"]), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "entorno nuevo",
                "language": "python",
                "env": {"PATH": venv["env"]["PATH"]},
            }
        )
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    # El núcleo hereda el entorno de las pruebas: sin PYTHONPATH, que podría dejarle ver lessons_lib.
    monkeypatch.delenv("PYTHONPATH", raising=False)


@pytest.mark.slow
def test_the_downloaded_notebooks_install_cell_installs_a_local_wheel(dist, venv, tmp_path, monkeypatch):
    import nbclient

    fresh_kernel(venv, tmp_path, monkeypatch)
    wheel = next(dist.glob("*.whl"))
    notebook = nbformat.v4.new_notebook(
        cells=[
            lessons_notebooks.install_cell(str(wheel)),
            nbformat.v4.new_code_cell(
                "from lessons_lib.checks import check_l2_penalty\n"
                "print(lessons_lib.__file__)\n"
                "check_l2_penalty(lessons_lib.l2_penalty).passed"
            ),
        ]
    )
    nbclient.NotebookClient(
        notebook, timeout=600, kernel_name="entorno-nuevo", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    last = notebook.cells[-1].outputs
    assert str(venv["dir"]) in last[0]["text"]  # la instaló en el entorno nuevo
    assert last[-1]["data"]["text/plain"] == "True"


# --- Colab: un capítulo descargado, en un entorno con PyTorch y sin lessons_lib ----------------

#: Los capítulos que la prueba abre «en Colab»: el primero del libro y «Normas».
COLAB_CHAPTERS = ["sobreajuste", "normas"]


@pytest.fixture(scope="module")
def colab_site(dist, html_dir, tmp_path_factory):
    """El libro compilado con la rueda en la celda de instalación (desde la caché de la sesión)."""
    from booktools import build_book, copy_project, environment

    wheel = next(dist.glob("*.whl"))
    project = copy_project(tmp_path_factory.mktemp("colab"))
    config = project / "_config.yml"
    text = config.read_text()
    assert "    language: es\n" in text
    config.write_text(text.replace("    language: es\n", f"    language: es\n    lessons_lib_wheel: {wheel}\n"))
    shutil.copytree(html_dir.parent / ".jupyter_cache", project / "_build" / ".jupyter_cache")
    result = build_book(project, env=environment(project))
    assert "ejecutado en" not in result.stdout + result.stderr, "debía usar la caché"
    return project / "_build" / "html", wheel


@pytest.mark.slow
@pytest.mark.book
@pytest.mark.parametrize("chapter", COLAB_CHAPTERS)
def test_a_downloaded_chapter_runs_like_in_colab(colab_site, venv, tmp_path, monkeypatch, chapter):
    """Como en Colab: PyTorch, matplotlib e ipykernel instalados, lessons_lib no. La primera celda la
    instala desde la rueda, y todas las celdas (las comprobaciones de las frases incluidas) se cumplen."""
    import nbclient

    site, wheel = colab_site
    path = site / "_sources" / "book" / f"{chapter}.ipynb"
    if not (ROOT / "book" / f"{chapter}.md").exists():
        pytest.skip(f"book/{chapter}.md aún no está en el libro")
    fresh_kernel(venv, tmp_path, monkeypatch, "matplotlib")
    notebook = nbformat.read(path, as_version=4)
    assert notebook.cells[0].metadata["tags"] == ["lessons-lib-install"] and str(wheel) in notebook.cells[0].source
    claims = sum(cell.source.count("claim(") for cell in notebook.cells if cell.cell_type == "code")
    notebook.cells.append(nbformat.v4.new_code_cell("print(lessons_lib.__file__)"))
    nbclient.NotebookClient(
        notebook, timeout=900, kernel_name="entorno-nuevo", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    assert str(venv["dir"]) in notebook.cells[-1].outputs[0]["text"]  # la instaló la primera celda
    errors = [o for cell in notebook.cells for o in cell.get("outputs", []) if o.output_type == "error"]
    assert not errors and claims > 0
