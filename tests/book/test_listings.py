"""Los listados de código de lessons_lib en el libro: el código real, sin docstrings.

Cada capítulo muestra funciones y clases de la biblioteca con la directiva
``libsource``. Aquí se comprueba, con ``ast`` y sobre las páginas compiladas,
que cada listado es exactamente el código del archivo menos sus docstrings,
que ninguno conserva una docstring y que cada uno enlaza con la referencia de
la API, donde la docstring está entera.
"""

import ast
import html
import re

import lessons_source
import pytest
from booktools import ROOT, chapters_with_listings, directives_in, read_page

DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def listings_in(page):
    """[(código, destino del enlace)] de los listados ``libsource`` de una página compilada."""
    blocks = re.findall(r'<div class="libsource[^"]*"[^>]*>(.*?<p class="libsource-link">.*?</p>)', page, re.S)
    listings = []
    for block in blocks:
        code = html.unescape(re.sub(r"<[^>]+>", "", re.search(r"<pre>(.*?)</pre>", block, re.S).group(1)))
        link = re.search(r'<p class="libsource-link"><a [^>]*href="([^"]*)"', block)
        listings.append((code.rstrip("\n"), link.group(1) if link else None))
    return listings


def strip_docstrings(node):
    """El árbol de ``node`` sin la docstring de ninguna función o clase."""
    for inner in ast.walk(node):
        if isinstance(inner, DEFINITIONS) and ast.get_docstring(inner, clean=False) is not None:
            inner.body = inner.body[1:]
    return node


def library_definition(dotted):
    """El nodo ``ast`` de ``dotted`` (``lessons_lib.norms.l2_norm``) y las líneas de su archivo."""
    path, qualname = lessons_source.split_dotted(dotted)
    source = path.read_text(encoding="utf-8")
    node = ast.parse(source)
    for name in qualname.split("."):
        node = [child for child in node.body if isinstance(child, DEFINITIONS) and child.name == name][-1]
    return node, source.splitlines()


def is_subsequence(short, long):
    remaining = iter(long)
    return all(any(line == candidate for candidate in remaining) for line in short)


def test_no_chapter_uses_literalinclude_for_library_code():
    for path in (ROOT / "book").glob("*.md"):
        assert not re.search(r"\{literalinclude\}[^\n]*lessons_lib", path.read_text()), path.name


@pytest.mark.book
@pytest.mark.parametrize("chapter", chapters_with_listings())
def test_each_listing_is_the_library_source_minus_its_docstrings(html_dir, chapter):
    directives = directives_in(chapter)
    listings = listings_in(read_page(html_dir, chapter))
    assert len(listings) == len(directives) > 0
    for (dotted, options), (code, link) in zip(directives, listings, strict=False):
        node, source_lines = library_definition(dotted)
        shown = ast.parse(code).body
        assert len(shown) == 1, dotted
        # El mismo programa que el del archivo, sin las docstrings...
        assert ast.dump(shown[0]) == ast.dump(strip_docstrings(node)), dotted
        # ...con las líneas del archivo tal cual (comentarios y formato incluidos).
        indent = len(source_lines[node.lineno - 1]) - len(source_lines[node.lineno - 1].lstrip())
        assert is_subsequence([line and " " * indent + line for line in code.splitlines()], source_lines), dotted
        assert all(ast.get_docstring(inner) is None for inner in ast.walk(shown[0]) if isinstance(inner, DEFINITIONS))
        target = options.get("api") or lessons_source.api_target(dotted)
        assert link == f"api.html#{target}", dotted


@pytest.mark.book
def test_no_page_shows_library_code_with_its_docstring(html_dir):
    """Un bloque de código que copie una definición de lessons_lib no lleva docstrings.

    Cuentan las cabeceras de módulo y de método (no las funciones anidadas,
    como un ``def closure():``, que un capítulo puede escribir igual).
    """
    headers = set()
    for path in (ROOT / "lessons_lib").rglob("*.py"):
        lines = path.read_text().splitlines()
        module = ast.parse("\n".join(lines))
        definitions = [node for node in module.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))]
        methods = [node for cls in definitions if isinstance(cls, ast.ClassDef) for node in cls.body]
        headers |= {
            lines[node.lineno - 1].strip()
            for node in definitions + methods
            if isinstance(node, (ast.FunctionDef, ast.ClassDef))
        }
    checked = 0
    for page_path in sorted((html_dir / "book").glob("*.html")):
        for block in re.findall(r"<pre>(.*?)</pre>", page_path.read_text(encoding="utf-8"), re.S):
            code = html.unescape(re.sub(r"<[^>]+>", "", block))
            if not any(line.strip() in headers for line in code.splitlines()):
                continue
            checked += 1
            assert '"""' not in code and "'''" not in code, f"{page_path.name}: {code[:200]}"
    assert checked >= sum(len(directives_in(chapter)) for chapter in chapters_with_listings())


@pytest.mark.book
def test_listings_are_short(html_dir):
    """Los listados enseñan código: sin docstrings ocupan menos de la mitad que con ellas."""
    shown = full = 0
    for chapter in chapters_with_listings():
        for (dotted, _), (code, _) in zip(
            directives_in(chapter), listings_in(read_page(html_dir, chapter)), strict=False
        ):
            node, _ = library_definition(dotted)
            shown += len(code.splitlines())
            full += node.end_lineno - node.lineno + 1
    assert shown < full / 2, (shown, full)


# --- La directiva, sin compilar el libro --------------------------------------------------

EXAMPLE = '''\
import torch


@torch.no_grad()
def scale(x, factor):
    """Multiplica.

    Una docstring larga.
    """

    # El factor ya está validado.
    return x * factor


class Model:
    r"""Un modelo."""

    def __init__(self):
        """Crea el modelo."""
        self.text = """no es una docstring"""

    def forward(self, X):
        return X
'''


@pytest.fixture
def example(tmp_path):
    path = tmp_path / "example.py"
    path.write_text(EXAMPLE)
    return path


def test_directive_keeps_decorators_comments_and_inner_strings(example):
    code = lessons_source.source_without_docstrings(example, "scale")
    assert code.splitlines() == [
        "@torch.no_grad()",
        "def scale(x, factor):",
        "    # El factor ya está validado.",
        "    return x * factor",
    ]
    model = lessons_source.source_without_docstrings(example, "Model")
    assert '"""no es una docstring"""' in model
    assert "Un modelo" not in model and "Crea el modelo" not in model
    assert model.splitlines()[:2] == ["class Model:", "    def __init__(self):"]


def test_directive_shows_a_method_without_its_class_indentation(example):
    assert lessons_source.source_without_docstrings(example, "Model.forward") == "def forward(self, X):\n    return X"


def test_directive_rejects_names_that_do_not_exist(example):
    with pytest.raises(ValueError, match="no hay ninguna definición"):
        lessons_source.source_without_docstrings(example, "Model.backward")
    with pytest.raises(ValueError, match="no se encuentra el módulo"):
        lessons_source.split_dotted("no_such_package.f")


def test_api_link_goes_to_the_public_name_when_there_is_one():
    assert lessons_source.api_target("lessons_lib.norms.l2_norm") == "lessons_lib.l2_norm"
    assert lessons_source.api_target("lessons_lib.checks.check_norm") == "lessons_lib.checks.check_norm"


def test_directive_highlights_lines_and_links_to_the_reference(tmp_path):
    """Un proyecto de Sphinx mínimo con la directiva: líneas resaltadas y enlace a la API."""
    from sphinx.application import Sphinx

    (tmp_path / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / 'book' / '_ext')!r})\nextensions = ['lessons_source']\n"
    )
    (tmp_path / "index.rst").write_text(
        "Prueba\n======\n\n.. libsource:: lessons_lib.norms.l2_norm\n   :emphasize-lines: 3\n\n"
        ".. py:function:: lessons_lib.l2_norm(x)\n"
    )
    app = Sphinx(
        tmp_path,
        tmp_path,
        tmp_path / "_build",
        tmp_path / "_doctrees",
        "html",
        status=None,
        warning=None,
        freshenv=True,
    )
    app.build()
    page = (tmp_path / "_build" / "index.html").read_text(encoding="utf-8")
    highlighted = re.findall(r'<span class="hll">(.*?)\n', page)
    assert len(highlighted) == 1 and "return" in highlighted[0]
    assert re.search(r'<p class="libsource-link"><a [^>]*href="#lessons_lib.l2_norm"', page)
