"""Los capítulos como guiones de Python, para ejecutarlos donde no está Jupyter Book.

Una máquina con GPU puede tener PyTorch y matplotlib pero no Jupyter Book, ni
conexión para instalarlo. Este programa (que sí necesita myst-nb, aquí)
convierte cada capítulo en un guion con sus celdas de código, en orden:

- las líneas mágicas de IPython (``%config``) se quitan y
  ``IPython.display.Markdown`` se sustituye por ``str``;
- al final de cada celda se dibuja lo que el núcleo mostraría (el último
  valor si es una figura o una animación, y las figuras abiertas), en SVG y
  en PNG al doble de resolución, como en el libro;
- ``myst_nb.glue`` es un sustituto que imprime ``GLUE nombre = valor``;
- ``lessons_lib.claim`` cuenta las frases comprobadas y, si una no se cumple,
  imprime ``CLAIM FAILED: frase`` y sigue, para informar de todas.

Al terminar, cada guion imprime ``CLAIMS n FAILED m SECONDS s``: frases
comprobadas, frases que no se cumplen y segundos del código del capítulo
(sin arrancar Python ni importar las bibliotecas). Uso::

    .venv/bin/python benchmarks/chapter_scripts.py DIRECTORIO
    cd book && PYTHONPATH=..:DIRECTORIO LESSONS_LIB_DEVICE=cuda python3 DIRECTORIO/dropout.py
"""

import argparse
import ast
from pathlib import Path

REPOSITORY_DIR = Path(__file__).resolve().parent.parent
CHAPTERS = ["sobreajuste", "normas", "regularizacion", "parada-temprana", "dropout", "clases", "reproducibilidad"]

HEADER = """# «{name}» como guion: benchmarks/chapter_scripts.py
import atexit
import io
import time

import matplotlib.figure as _figure
import matplotlib.pyplot as _plt

import lessons_lib
import lessons_lib.claims

_checked, _failed = [0], []
_claim = lessons_lib.claims.claim


def _counted_claim(condition, text, *args, **kwargs):
    _checked[0] += 1
    try:
        return _claim(condition, text, *args, **kwargs)
    except lessons_lib.ClaimError:
        _failed.append(text)
        print(f"CLAIM FAILED: {{text}}")


lessons_lib.claim = lessons_lib.claims.claim = _counted_claim


def _show(value=None):
    figures = [_plt.figure(number) for number in _plt.get_fignums()]
    if isinstance(value, _figure.Figure):
        figures.append(value)
    elif hasattr(value, "_repr_html_"):
        value._repr_html_()
    for figure in figures:
        figure.savefig(io.BytesIO(), format="svg")
        figure.savefig(io.BytesIO(), format="png", dpi=2 * figure.dpi)
    _plt.close("all")


_start = time.perf_counter()
atexit.register(lambda: print(f"CLAIMS {{_checked[0]}} FAILED {{len(_failed)}} SECONDS {{time.perf_counter() - _start:.1f}}"))
"""

GLUE_STUB = '''"""Sustituto de myst_nb para los capítulos como guiones: glue imprime el valor."""


def glue(name, value, display=True):
    print(f"GLUE {name} = {value!r}"[:300])
    return value
'''


def cell_as_statements(source):
    """El código de una celda, con lo que el núcleo haría al terminarla."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    source = "\n".join(lines).replace("from IPython.display import Markdown", "Markdown = str")
    tree = ast.parse(source)
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        tree.body[-1] = ast.parse(f"_show({ast.unparse(tree.body[-1].value)})").body[0]
    else:
        tree.body.append(ast.parse("_show()").body[0])
    return ast.unparse(tree)


def chapter_script(path):
    """El guion de un capítulo MyST (``book/<nombre>.md``)."""
    from myst_nb.core.read import read_myst_markdown_notebook

    notebook = read_myst_markdown_notebook(Path(path).read_text(encoding="utf-8"))
    cells = [cell_as_statements(cell.source) for cell in notebook.cells if cell.cell_type == "code"]
    return HEADER.format(name=Path(path).stem) + "\n\n".join(cells) + "\n"


def write_scripts(directory, chapters=CHAPTERS):
    """Escribe en ``directory`` un guion por capítulo y el sustituto de ``myst_nb``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "myst_nb.py").write_text(GLUE_STUB, encoding="utf-8")
    for name in chapters:
        script = chapter_script(REPOSITORY_DIR / "book" / f"{name}.md")
        (directory / f"{name}.py").write_text(script, encoding="utf-8")
    return directory


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, help="dónde escribir los guiones")
    arguments = parser.parse_args()
    write_scripts(arguments.directory)
    print(f"Guiones en {arguments.directory}: {', '.join(CHAPTERS)} (y myst_nb.py)")


if __name__ == "__main__":
    main()
