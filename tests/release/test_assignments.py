"""La tarea de ejemplo: la solución pasa todas las comprobaciones y la versión
de los estudiantes informa de fallos sin romperse.

Todas se marcan lentas (`make test` las ejecuta, `make test-fast` no): dos ejecutan
un cuaderno entero en un núcleo de Jupyter.
"""

import re

import nbclient
import nbformat
import pytest
from booktools import ROOT

pytestmark = pytest.mark.slow

ASSIGNMENTS = ROOT / "assignments"
SOLUTION_BLOCK = re.compile(r"    ### BEGIN SOLUTION\n.*?    ### END SOLUTION\n?", re.S)
HIDDEN_TESTS = re.compile(r"\n### BEGIN HIDDEN TESTS\n.*?### END HIDDEN TESTS", re.S)
PLACEHOLDER = '    # TU CÓDIGO AQUÍ\n    raise NotImplementedError("completa esta función")'


def run(name, tmp_path):
    notebook = nbformat.read(ASSIGNMENTS / name, as_version=4)
    nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    return notebook


def summary(notebook):
    text = "".join(output.get("text", "") for output in notebook.cells[-1].outputs)
    return dict(re.findall(r"(\w+)\s+(\d+)%", text))


def test_solution_passes_every_check(tmp_path):
    notebook = run("tarea-solucion.ipynb", tmp_path)
    scores = summary(notebook)
    assert len(scores) == 6
    assert set(scores.values()) == {"100"}, scores


def test_student_version_reports_failures_without_crashing(tmp_path):
    notebook = run("tarea.ipynb", tmp_path)  # nbclient falla si alguna celda lanza
    scores = summary(notebook)
    assert len(scores) == 6 and set(scores.values()) == {"0"}, scores
    reports = [
        output["data"]["text/plain"]
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if "text/plain" in output.get("data", {}) and "casos correctos" in output["data"]["text/plain"]
    ]
    assert len(reports) == 6
    assert all("✗" in report and "NotImplementedError" in report for report in reports)


def test_student_version_is_the_solution_without_the_solutions():
    solution = nbformat.read(ASSIGNMENTS / "tarea-solucion.ipynb", as_version=4)
    student = nbformat.read(ASSIGNMENTS / "tarea.ipynb", as_version=4)
    assert len(solution.cells) == len(student.cells)
    for ours, theirs in zip(solution.cells, student.cells, strict=False):
        stripped = HIDDEN_TESTS.sub("", SOLUTION_BLOCK.sub(PLACEHOLDER + "\n", ours.source)).rstrip("\n")
        assert stripped == theirs.source
    assert all(not cell.get("outputs") for cell in student.cells if cell.cell_type == "code")


def test_every_check_cell_is_graded_and_demands_that_every_case_passes():
    solution = nbformat.read(ASSIGNMENTS / "tarea-solucion.ipynb", as_version=4)
    graded = [cell for cell in solution.cells if cell.metadata.get("nbgrader", {}).get("grade")]
    assert len(graded) == 6 and all(cell.metadata.nbgrader.points == 1 for cell in graded)
    for cell in graded:
        result = cell.source.split(" = ")[0]
        assert f"{result}.assert_passed()" in HIDDEN_TESTS.search(cell.source).group(0)


def test_the_grading_snippets_on_the_clases_page_are_the_real_cells():
    page = (ROOT / "book" / "clases.md").read_text(encoding="utf-8")
    nbgrader_part = page[page.index("### nbgrader") : page.index("### Otter-Grader")]
    otter_part = page[page.index("### Otter-Grader") :]
    masters = [(nbgrader_part, "tarea-solucion.ipynb"), (otter_part, "otter/tarea.ipynb")]
    for part, name in masters:
        sources = [cell.source for cell in nbformat.read(ASSIGNMENTS / name, as_version=4).cells]
        (snippet,) = re.findall(r"```python\n(.*?)\n```", part, re.S)
        assert snippet in sources, name
