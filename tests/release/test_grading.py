"""La tarea de assignments/, calificada de verdad con nbgrader y con Otter-Grader.

Tres entregas, hechas a partir de los cuadernos de la tarea (la versión de los
estudiantes que genera cada herramienta, con el hueco de cada función
rellenado):

* ``solucion``: las soluciones de tarea-solucion.ipynb; nota completa;
* ``errores_tipicos``: la penalización ℓ2 sin el ½ y dropout sin dividir por
  1 − p; nota parcial, y la pista en español del comprobador en lo que
  devuelve la herramienta;
* ``rota``: la norma de Frobenius lanza una excepción y dropout no termina
  nunca; 0 en esas dos partes, y la calificación termina porque el
  comprobador corta el caso a los 2 s.

Las órdenes se copian de la página «Usar lessons_lib en tus clases» (los
bloques ``bash`` de sus secciones de nbgrader y de Otter-Grader), así que la
página dice exactamente lo que funciona. Las notas de las dos herramientas
deben coincidir, pregunta a pregunta, con el veredicto de lessons_lib.checks
sobre las mismas funciones.
"""

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from booktools import ROOT

pytestmark = pytest.mark.slow

ASSIGNMENTS = ROOT / "assignments"
CLASES = ROOT / "book" / "clases.md"
VENV_BIN = Path(sys.executable).parent
QUESTIONS = ["l2_norm", "l1_norm", "frobenius_norm", "l2_penalty", "weight_decay_step", "dropout_layer"]
SOLUTION_BLOCK = re.compile(r"    #+ BEGIN SOLUTION\n(.*?)    #+ END SOLUTION", re.S)
NBGRADER_STUB = '    # TU CÓDIGO AQUÍ\n    raise NotImplementedError("completa esta función")'
OTTER_STUB = "    ..."

# Lo que escriben los estudiantes en lugar de la solución (cuerpos de función).
TYPICAL_MISTAKES = {
    "l2_penalty": "    return torch.sum(w**2)  # sin el ½\n",
    "dropout_layer": "    keep = torch.rand_like(X) > p\n    return keep * X  # sin dividir por 1 - p\n",
}
BROKEN = {
    # torch.dot solo admite vectores: con una matriz lanza RuntimeError.
    "frobenius_norm": "    return torch.sqrt(torch.dot(X, X))\n",
    # Olvida avanzar i: el bucle no termina nunca.
    "dropout_layer": (
        "    out = X.clone().reshape(-1)\n"
        "    i = 0\n"
        "    while i < out.numel():\n"
        "        if torch.rand(()) < p:\n"
        "            out[i] = 0\n"
        "    return out.reshape(X.shape) / (1 - p)\n"
    ),
}
TIME_LIMIT = 2.0  # lessons_lib.checks.DEFAULT_TIMEOUT


def solution_bodies():
    """Las soluciones de tarea-solucion.ipynb: {función: cuerpo}."""
    notebook = nbformat.read(ASSIGNMENTS / "tarea-solucion.ipynb", as_version=4)
    bodies = {}
    for cell in notebook.cells:
        match = SOLUTION_BLOCK.search(cell.source)
        if match:
            bodies[re.search(r"def (\w+)\(", cell.source).group(1)] = match.group(1)
    assert sorted(bodies) == sorted(QUESTIONS)
    return bodies


SUBMISSIONS = {
    "solucion": {},
    "errores_tipicos": TYPICAL_MISTAKES,
    "rota": BROKEN,
}


def submission(student_version, stub, student):
    """La versión de los estudiantes con cada hueco rellenado como lo haría ``student``."""
    answers = {**solution_bodies(), **SUBMISSIONS[student]}
    notebook = nbformat.read(student_version, as_version=4)
    filled = set()
    for cell in notebook.cells:
        name = re.search(r"^def (\w+)\(", cell.source, re.M)
        if cell.cell_type == "code" and name and stub in cell.source:
            cell.source = cell.source.replace(stub, answers[name.group(1)].rstrip("\n"))
            filled.add(name.group(1))
    assert filled == set(QUESTIONS), filled
    return notebook


def shell(command, cwd, timeout=600):
    """Ejecuta una orden como en una terminal con el entorno del proyecto activado."""
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"falló «{command}»:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result.stdout + result.stderr


def bash_blocks(heading):
    """Los bloques ```bash de la sección de clases.md que empieza en la línea ``heading``."""
    lines = CLASES.read_text(encoding="utf-8").splitlines()
    start = lines.index(heading)
    blocks, block, fenced = [], None, False
    for line in lines[start + 1 :]:
        if line.startswith("```"):
            fenced = not fenced
            if line == "```bash":
                block = []
            elif block is not None and not fenced:
                blocks.append("\n".join(block) + "\n")
                block = None
            continue
        if not fenced and line.startswith("#"):
            break  # la sección siguiente
        if block is not None:
            block.append(line)
    return blocks


def commands(block):
    """Las órdenes de un bloque, sin comentarios ni líneas vacías."""
    lines = [line.split("  #")[0].rstrip() for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory):
    """Veredicto de lessons_lib.checks para cada entrega: {alumno: {pregunta: superada}}.

    Se calcula en un proceso aparte, porque el bucle infinito de ``rota``
    deja un hilo girando hasta que el proceso termina.
    """
    directory = tmp_path_factory.mktemp("veredictos")
    for student in SUBMISSIONS:
        nbformat.write(submission(ASSIGNMENTS / "tarea.ipynb", NBGRADER_STUB, student), directory / f"{student}.ipynb")
    script = f"""
import json, os, nbformat
verdicts = {{}}
for student in {list(SUBMISSIONS)!r}:
    namespace = {{}}
    notebook = nbformat.read("{directory}/" + student + ".ipynb", as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code" and "resumen" not in cell.source:
            exec(cell.source, namespace)
    verdicts[student] = {{q: namespace["resultados_" + q].passed for q in {QUESTIONS!r}}}
print(json.dumps(verdicts), flush=True)
os._exit(0)  # sin esperar al hilo que no termina (al cerrar Python, PyTorch abortaría)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_three_submissions_are_what_they_claim(verdicts):
    assert all(verdicts["solucion"].values())
    failed = {student: sorted(q for q, ok in answers.items() if not ok) for student, answers in verdicts.items()}
    assert failed == {
        "solucion": [],
        "errores_tipicos": ["dropout_layer", "l2_penalty"],
        "rota": ["dropout_layer", "frobenius_norm"],
    }


# --- nbgrader -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nbgrader_course(tmp_path_factory, verdicts):
    """Un curso de nbgrader calificado con las órdenes de clases.md."""
    root = tmp_path_factory.mktemp("nbgrader")
    shutil.copytree(ASSIGNMENTS, root / "assignments", ignore=shutil.ignore_patterns("dist", "source", "release"))
    generate, grade = bash_blocks("### nbgrader")
    shell(" && ".join(commands(generate)), root)
    course = root / "assignments"
    release = course / "release" / "tarea" / "tarea.ipynb"
    for student in SUBMISSIONS:
        target = course / "submitted" / student / "tarea" / "tarea.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(submission(release, NBGRADER_STUB, student), target)
    for command in commands(grade):
        shell(command, course)
    return {"course": course}


def nbgrader_points(course):
    """Puntos de cada pregunta según la base de datos de nbgrader: {alumno: {pregunta: puntos}}."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {
            student: {q: gradebook.find_grade(f"comprobar_{q}", "tarea", "tarea", student).score for q in QUESTIONS}
            for student in SUBMISSIONS
        }


def test_nbgrader_generates_exactly_the_student_version_in_the_repository(nbgrader_course):
    generated = nbformat.read(nbgrader_course["course"] / "release" / "tarea" / "tarea.ipynb", as_version=4)
    committed = nbformat.read(ASSIGNMENTS / "tarea.ipynb", as_version=4)
    assert [c.source for c in generated.cells] == [c.source for c in committed.cells]
    assert [c.metadata for c in generated.cells] == [c.metadata for c in committed.cells]
    assert "BEGIN SOLUTION" not in json.dumps(generated) and "assert_passed" not in json.dumps(generated)


def test_nbgrader_grades_agree_with_the_checkers(nbgrader_course, verdicts):
    points = nbgrader_points(nbgrader_course["course"])
    assert points == {s: {q: float(ok) for q, ok in answers.items()} for s, answers in verdicts.items()}
    with open(nbgrader_course["course"] / "grades.csv", newline="") as file:
        totals = {row["student_id"]: float(row["raw_score"]) for row in csv.DictReader(file)}
    assert totals == {"solucion": 6.0, "errores_tipicos": 4.0, "rota": 4.0}


def test_nbgrader_feedback_shows_the_checkers_spanish_hints(nbgrader_course):
    feedback = nbgrader_course["course"] / "feedback" / "errores_tipicos" / "tarea" / "tarea.html"
    page = feedback.read_text(encoding="utf-8")
    assert "¿Olvidaste el factor ½?" in page
    assert "deben dividirse por 1 − p" in page


def graded_cell(course, student, question):
    notebook = nbformat.read(course / "autograded" / student / "tarea" / "tarea.ipynb", as_version=4)
    return next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == f"comprobar_{question}")


def cell_seconds(cell):
    """Lo que tardó una celda, según las marcas de tiempo que deja el núcleo."""
    from datetime import datetime

    timing = cell.metadata.execution
    start, end = (
        datetime.fromisoformat(timing[k].replace("Z", "+00:00")) for k in ("iopub.execute_input", "shell.execute_reply")
    )
    return (end - start).total_seconds()


def test_nbgrader_cuts_the_endless_loop_at_the_checkers_time_limit(nbgrader_course):
    course = nbgrader_course["course"]
    looping = graded_cell(course, "rota", "dropout_layer")
    error = next(o for o in looping.outputs if o.output_type == "error")
    assert error.ename == "AssertionError" and "límite de tiempo" in "\n".join(error.traceback)
    raising = graded_cell(course, "rota", "frobenius_norm")
    assert "RuntimeError" in "".join("\n".join(o.get("traceback", [])) for o in raising.outputs)
    # El caso que no termina cuesta un límite de tiempo, no más (5 s de margen
    # para una máquina ocupada); el límite de nbgrader por celda es de 120 s.
    solution = graded_cell(course, "solucion", "dropout_layer")
    assert cell_seconds(looping) < cell_seconds(solution) + TIME_LIMIT + 5


# --- Otter-Grader ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def otter_results(tmp_path_factory, verdicts):
    """La tarea de Otter construida con ``otter assign`` y las tres entregas calificadas con ``otter run``."""
    root = tmp_path_factory.mktemp("otter")
    shutil.copytree(ASSIGNMENTS, root / "assignments", ignore=shutil.ignore_patterns("dist", "source", "release"))
    assign, grade = bash_blocks("### Otter-Grader")
    shell(" && ".join(commands(assign)), root)
    course = root / "assignments"
    student_version = course / "dist" / "student" / "tarea.ipynb"
    results = {}
    for student in SUBMISSIONS:
        nbformat.write(submission(student_version, OTTER_STUB, student), course / f"{student}.ipynb")
        command = (
            " && ".join(commands(grade))
            .replace("entrega.ipynb", f"{student}.ipynb")
            .replace("resultados", f"resultados-{student}")
        )
        started = time.perf_counter()
        output = shell(command, course)
        seconds = time.perf_counter() - started
        results[student] = {
            "json": json.loads((course / f"resultados-{student}" / "results.json").read_text()),
            "output": output,
            "seconds": seconds,
        }
    return {"course": course, "results": results}


def otter_questions(result):
    """Las preguntas de results.json (el resumen «Public Tests» no tiene nota)."""
    return [test for test in result["json"]["tests"] if "score" in test]


def otter_points(result):
    return {test["name"]: test["score"] for test in otter_questions(result)}


def test_otter_assign_builds_the_student_version_without_solutions(otter_results):
    student = nbformat.read(otter_results["course"] / "dist" / "student" / "tarea.ipynb", as_version=4)
    text = "\n".join(cell.source for cell in student.cells)
    assert "BEGIN SOLUTION" not in text and "torch.sqrt(torch.sum" not in text
    assert [f'grader.check("{q}")' in text for q in QUESTIONS] == [True] * len(QUESTIONS)


def test_otter_grades_agree_with_the_checkers(otter_results, verdicts):
    points = {student: otter_points(result) for student, result in otter_results["results"].items()}
    assert points == {s: {q: float(ok) for q, ok in answers.items()} for s, answers in verdicts.items()}


def test_otter_output_shows_the_checkers_spanish_hints(otter_results):
    result = otter_results["results"]["errores_tipicos"]
    failures = {t["name"]: t["output"] for t in otter_questions(result)}
    assert "¿Olvidaste el factor ½?" in failures["l2_penalty"]
    assert "deben dividirse por 1 − p" in failures["dropout_layer"]


def test_otter_cuts_the_endless_loop_at_the_checkers_time_limit(otter_results):
    broken = otter_results["results"]["rota"]
    failures = {t["name"]: t["output"] for t in otter_questions(broken)}
    assert "límite de tiempo" in failures["dropout_layer"]
    assert "RuntimeError" in failures["frobenius_norm"]
    # Sin el corte del comprobador, la entrega rota no terminaría; con él,
    # tarda lo mismo que la solución más unos pocos límites de 2 s.
    solution = otter_results["results"]["solucion"]["seconds"]
    assert broken["seconds"] < solution + 10 * TIME_LIMIT
