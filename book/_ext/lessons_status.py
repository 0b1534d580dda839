"""``book-status``: el estado del libro, escrito al compilarlo.

Una tabla con cada página que se ejecuta, en el orden del libro: cuándo se
ejecutó por última vez y cuántos segundos tardó, cuántas veces comprobó una
frase con ``lessons_lib.claim`` y con qué semilla del libro
(``LESSONS_BOOK_SEED``); debajo, la versión de lessons_lib y el commit del que
se compiló. Los datos de cada capítulo son los que ``lessons_execute`` guardó
en la caché al ejecutarlo (un capítulo sin cambios conserva los de su última
ejecución). La página que lleva la directiva se vuelve a escribir en cada
compilación.
"""

from docutils import nodes
from lessons_execute import chapter_record
from lessons_texts import STATUS_DATE, STATUS_HEADERS, STATUS_NOT_COUNTED, STATUS_VERSIONS, UNKNOWN_COMMIT
from sphinx.util.docutils import SphinxDirective

import lessons_lib


class book_status(nodes.General, nodes.Element):
    """El sitio de la tabla."""


class BookStatus(SphinxDirective):
    def run(self):
        self.env.metadata[self.env.docname]["lessons_book_status"] = True
        return [book_status()]


def pages_in_order(env, root):
    """Los documentos del libro en el orden del índice, desde ``root``."""
    ordered, pending = [], [root]
    while pending:
        docname = pending.pop(0)
        if docname in ordered:
            continue
        ordered.append(docname)
        pending[:0] = env.toctree_includes.get(docname, [])
    return ordered


def status_rows(app):
    """[(docname, título, registro o None)] de las páginas que se ejecutan."""
    env = app.env
    return [
        (docname, env.titles[docname].astext(), chapter_record(app, docname))
        for docname in pages_in_order(env, app.config.root_doc)
        if "kernelspec" in env.metadata.get(docname, {})
    ]


def cell(content):
    entry = nodes.entry()
    entry += content if isinstance(content, nodes.paragraph) else nodes.paragraph("", str(content))
    return entry


def status_table(app, fromdocname, rows):
    table = nodes.table(classes=["lessons-book-status"])
    group = nodes.tgroup(cols=len(STATUS_HEADERS))
    table += group
    group += [nodes.colspec(colwidth=width) for width in (3, 3, 2, 3, 2)]
    head = nodes.thead()
    head += nodes.row("", *[cell(header) for header in STATUS_HEADERS])
    body = nodes.tbody()
    for docname, title, record in rows:
        name = nodes.paragraph()
        if app.builder.format == "html":
            name += nodes.reference("", title, refuri=app.builder.get_relative_uri(fromdocname, docname), internal=True)
        else:
            name += nodes.Text(title)
        data = (record.data or {}) if record is not None else {}
        claims = data.get("claims")
        seconds = data.get("execution_seconds")
        body += nodes.row(
            "",
            cell(name),
            cell(record.created.strftime(STATUS_DATE) + " UTC" if record is not None else "—"),
            cell(lessons_lib.format_number(seconds, 1) if seconds is not None else "—"),
            cell(STATUS_NOT_COUNTED if claims is None else claims),
            cell(data.get("book_seed", "—")),
        )
    group += [head, body]
    return table


def fill_status(app, doctree, fromdocname):
    for placeholder in list(doctree.findall(book_status)):
        commit = app.config.lessons_book_commit or UNKNOWN_COMMIT
        versions = nodes.paragraph(
            "",
            "",
            nodes.Text(STATUS_VERSIONS.format(version=lessons_lib.__version__)),
            nodes.literal(commit, commit),
            nodes.Text("."),
        )
        placeholder.replace_self([status_table(app, fromdocname, status_rows(app)), versions])


def always_rewrite(app, env, added, changed, removed):
    """La página del estado se vuelve a leer (y a escribir) en cada compilación."""
    return [docname for docname, meta in env.metadata.items() if meta.get("lessons_book_status")]


def setup(app):
    app.add_node(book_status)
    app.add_directive("book-status", BookStatus)
    app.connect("doctree-resolved", fill_status)
    app.connect("env-get-outdated", always_rewrite)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
