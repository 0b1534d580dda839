"""Directiva ``libsource``: el código real de lessons_lib, sin docstrings.

Un capítulo muestra una función o una clase de la biblioteca tal como está en
su archivo, pero sin las cadenas de documentación (tampoco las de los métodos
de una clase), y debajo un enlace a su entrada en la referencia de la API,
donde la docstring está entera::

    ```{libsource} lessons_lib.norms.l2_norm
    :emphasize-lines: 2
    ```

El argumento es el módulo donde está definido el objeto seguido de su nombre
(``lessons_lib.models.WeightDecay``, ``lessons_lib.models.WeightDecay.loss``).
El enlace va a ``lessons_lib.<nombre>`` si el nombre se exporta desde
``lessons_lib``, y si no, al nombre completo; ``:api:`` elige otro destino
(por ejemplo, la función pública que usa una auxiliar). ``:emphasize-lines:``
cuenta las líneas del listado ya sin docstrings.

Las líneas se buscan con ``ast`` y se copian del archivo tal cual, con sus
comentarios y su formato: solo se quitan las de las docstrings y las líneas en
blanco que las separaban del código.
"""

import ast
import importlib.util
import textwrap
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from lessons_texts import LIBSOURCE_LINK
from sphinx import addnodes
from sphinx.util import parselinenos
from sphinx.util.docutils import SphinxDirective

import lessons_lib

DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def split_dotted(dotted):
    """``"lessons_lib.models.WeightDecay.loss"`` → (ruta del módulo, ``"WeightDecay.loss"``)."""
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        module = ".".join(parts[:cut])
        try:
            spec = importlib.util.find_spec(module)
        except ModuleNotFoundError:
            spec = None
        if spec is not None and spec.origin and spec.origin.endswith(".py"):
            return Path(spec.origin), ".".join(parts[cut:])
    raise ValueError(f"libsource: no se encuentra el módulo de {dotted!r}")


def find_definition(tree, qualname):
    """El nodo ``def`` o ``class`` llamado ``qualname`` (``Clase.metodo``) en ``tree``."""
    node = tree
    for name in qualname.split("."):
        found = [child for child in node.body if isinstance(child, DEFINITIONS) and child.name == name]
        if not found:
            raise ValueError(f"libsource: no hay ninguna definición de {qualname!r}")
        node = found[-1]
    return node


def docstring_of(node):
    """La expresión que hace de docstring de ``node``, o None."""
    first = node.body[0] if node.body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        return first
    return None


def source_without_docstrings(path, qualname):
    """Las líneas de ``qualname`` en el archivo ``path``, sin sus docstrings.

    Quita la docstring del objeto y las de todas las funciones y clases que
    contiene, con las líneas en blanco que las seguían. Devuelve el texto,
    sin sangría común y terminado sin salto de línea.
    """
    source = Path(path).read_text(encoding="utf-8")
    lines = source.splitlines()
    node = find_definition(ast.parse(source), qualname)
    first = min([node.lineno] + [decorator.lineno for decorator in node.decorator_list])
    removed = set()
    for inner in ast.walk(node):
        if not isinstance(inner, DEFINITIONS):
            continue
        doc = docstring_of(inner)
        if doc is None:
            continue
        if len(inner.body) == 1:
            raise ValueError(f"libsource: {inner.name} no tiene más código que su docstring")
        if lines[doc.lineno - 1][: doc.col_offset].strip():
            raise ValueError(f"libsource: la docstring de {inner.name} no empieza en su propia línea")
        end = doc.end_lineno
        while not lines[end].strip():  # líneas en blanco tras la docstring
            end += 1
        removed.update(range(doc.lineno, end + 1))
    kept = [lines[number - 1] for number in range(first, node.end_lineno + 1) if number not in removed]
    return textwrap.dedent("\n".join(kept))


def api_target(dotted):
    """El nombre documentado en la referencia de la API para ``dotted``."""
    name = dotted.rsplit(".", 1)[-1]
    if name in getattr(lessons_lib, "__all__", ()):
        return f"lessons_lib.{name}"
    return dotted


class LibSource(SphinxDirective):
    """``{libsource} módulo.Nombre``: el código sin docstrings y el enlace a su documentación."""

    required_arguments = 1
    has_content = False
    option_spec = {
        "emphasize-lines": directives.unchanged_required,
        "api": directives.unchanged_required,
    }

    def run(self):
        dotted = self.arguments[0]
        try:
            path, qualname = split_dotted(dotted)
            code = source_without_docstrings(path, qualname)
        except (ValueError, SyntaxError) as error:
            return [self.state.document.reporter.error(str(error), line=self.lineno)]
        self.env.note_dependency(str(path))

        literal = nodes.literal_block(code, code, language="python")
        self.set_source_info(literal)
        if "emphasize-lines" in self.options:
            count = len(code.splitlines())
            chosen = parselinenos(self.options["emphasize-lines"], count)
            literal["highlight_args"] = {"hl_lines": [index + 1 for index in chosen]}

        target = self.options.get("api", api_target(dotted))
        shown = target.rsplit(".", 1)[-1]
        reference = addnodes.pending_xref(
            "",
            refdomain="py",
            reftype="obj",
            reftarget=target,
            refexplicit=True,
            refwarn=True,
            refdoc=self.env.docname,
        )
        reference["py:module"] = None
        reference["py:class"] = None
        reference += nodes.literal(shown, shown, classes=["xref", "py"])
        link = nodes.paragraph("", "", classes=["libsource-link"])
        link += [reference, nodes.Text(LIBSOURCE_LINK)]

        container = nodes.container("", literal, link, classes=["libsource"])
        self.set_source_info(container)
        return [container]


def setup(app):
    app.add_directive("libsource", LibSource)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
