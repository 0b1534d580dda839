"""El glosario del libro: ``glossary-term`` y ``glossary-index``, con definiciones emergentes.

Cada entrada es una directiva con el término, su definición en español, sus
equivalentes en inglés y el capítulo que lo presenta::

    :::{glossary-term} sobreajuste
    :english: overfitting
    :chapter: sobreajuste
    :aliases: sobreajustar; sobreajusta

    Lo que le pasa a un modelo que aprende tan bien sus ejemplos de
    entrenamiento, ruido incluido, que acierta menos con datos nuevos.
    :::

Las entradas son términos del glosario de Sphinx, así que un capítulo enlaza
la primera vez que usa cada término con el papel de siempre::

    Un modelo {term}`sobreajusta <sobreajuste>` cuando...

``:chapter:`` es el nombre del archivo del capítulo (``normas``, sin
``book/`` ni ``.md``; véase ``CHAPTERS`` en ``lessons_texts``): si el
capítulo aún no está en el libro, se nombra sin enlace. ``glossary-index``
escribe, en la misma página, el índice inglés → español.

En la web, al pasar el puntero o el foco por un término enlazado aparece su
definición (``role="tooltip"``): se queda mientras el puntero está encima de
ella y se cierra con Escape (WCAG 1.4.13). Cada página lleva solo las
definiciones de los términos que enlaza (``book/_static/lessons-glossary.js``).
"""

import json
import unicodedata

from docutils import nodes
from docutils.parsers.rst import directives
from lessons_texts import CHAPTERS, GLOSSARY_CHAPTER, GLOSSARY_ENGLISH
from sphinx import addnodes
from sphinx.domains.std import make_glossary_term
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

#: Letras de las fórmulas que ``nodes.make_id`` borraría: «norma ℓ∞» → ``term-norma-linf``.
ID_LETTERS = str.maketrans({"ℓ": "l", "∞": "inf", "λ": "lambda", "σ": "sigma", "η": "eta"})


class english(nodes.Inline, nodes.TextElement):
    """Un término en inglés (``lang="en"`` en la web, para los lectores de pantalla)."""


class glossary_index(nodes.General, nodes.Element):
    """El sitio del índice inglés → español."""


def term_id(text):
    """El ancla de un término: ``"norma ℓ∞"`` → ``"term-norma-linf"``."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(ID_LETTERS))
    return nodes.make_id(f"term-{ascii_text}")


def sort_key(text):
    """Orden alfabético sin tildes ni mayúsculas, con «ℓ1» como «l1»."""
    decomposed = unicodedata.normalize("NFKD", text.translate(ID_LETTERS).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def glossary_entries(env):
    """{ancla: entrada} de todo el libro; cada entrada con ``term``, ``english``, ``chapter``, ``text``, ``docname``."""
    if not hasattr(env, "lessons_glossary"):
        env.lessons_glossary = {}
    return env.lessons_glossary


def chapter_docname(chapter):
    return f"book/{chapter}"


class GlossaryTerm(SphinxDirective):
    """``glossary-term``: una entrada del glosario."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {
        "english": directives.unchanged_required,
        "chapter": directives.unchanged_required,
        "aliases": directives.unchanged,
    }

    def error(self, message):
        return [self.state.document.reporter.error(f"glossary-term {self.arguments[0]!r}: {message}", line=self.lineno)]

    def run(self):
        name = " ".join(self.arguments[0].split())
        english_terms = [e.strip() for e in self.options.get("english", "").split(";") if e.strip()]
        chapter = self.options.get("chapter", "")
        aliases = [a.strip() for a in self.options.get("aliases", "").split(";") if a.strip()]
        if not english_terms:
            return self.error("falta :english: (uno o más equivalentes en inglés, separados por «;»)")
        if chapter not in CHAPTERS:
            return self.error(f":chapter: debe ser uno de {', '.join(CHAPTERS)}; se recibió {chapter!r}")
        if not self.content:
            return self.error("falta la definición")

        definition = nodes.definition()
        self.state.nested_parse(self.content, self.content_offset, definition)
        text = " ".join(definition.astext().split())
        definition += self.details(english_terms, chapter)

        source, line = self.get_source_info()
        terms = []
        for term_text in [name, *aliases]:
            anchor = term_id(term_text)
            while anchor in self.state.document.ids:  # «norma ℓ1» y «norma L1»
                anchor += "-bis"
            term = make_glossary_term(
                self.env, [nodes.Text(term_text)], None, source, line, anchor, self.state.document
            )
            self.state.document.note_explicit_target(term)
            terms.append(term)
            glossary_entries(self.env)[anchor] = {
                "term": name,
                "english": english_terms,
                "chapter": chapter,
                "text": text,
                "docname": self.env.docname,
                "alias": term_text != name,
            }
        item = nodes.definition_list_item("", *terms, definition)
        return [addnodes.glossary("", nodes.definition_list("", item, classes=["glossary"]), sorted=False)]

    def details(self, english_terms, chapter):
        """«En inglés: overfitting. Se presenta en: Sobreajuste.»"""
        paragraph = nodes.paragraph(classes=["lessons-glossary-details"])
        paragraph += nodes.Text(f"{GLOSSARY_ENGLISH}: ")
        for index, word in enumerate(english_terms):
            if index:
                paragraph += nodes.Text(", ")
            paragraph += english(word, word)
        paragraph += nodes.Text(f". {GLOSSARY_CHAPTER}: ")
        title = CHAPTERS[chapter]
        if chapter_docname(chapter) in self.env.found_docs:
            reference = addnodes.pending_xref(
                "",
                refdomain="std",
                reftype="doc",
                reftarget=f"/{chapter_docname(chapter)}",
                refexplicit=True,
                refwarn=True,
                refdoc=self.env.docname,
            )
            reference += nodes.inline(title, title)
            paragraph += reference
        else:
            paragraph += nodes.emphasis(title, title)
        paragraph += nodes.Text(".")
        return paragraph


class GlossaryIndex(SphinxDirective):
    """``glossary-index``: el índice inglés → español de las entradas de la página."""

    def run(self):
        return [glossary_index()]


class FillGlossaryIndex(SphinxTransform):
    """Escribe el índice inglés → español con las entradas de la misma página."""

    default_priority = 800

    def apply(self, **kwargs):
        for placeholder in list(self.document.findall(glossary_index)):
            pairs = sorted(
                (word, anchor, entry["term"])
                for anchor, entry in glossary_entries(self.env).items()
                if entry["docname"] == self.env.docname and not entry["alias"]
                for word in entry["english"]
            )
            listing = nodes.bullet_list(classes=["lessons-glossary-index"])
            for word, anchor, term in sorted(pairs, key=lambda pair: sort_key(pair[0])):
                reference = nodes.reference("", term, refid=anchor, internal=True)
                listing += nodes.list_item(
                    "", nodes.paragraph("", "", english(word, word), nodes.Text(" → "), reference)
                )
            placeholder.replace_self(listing)


class TermTooltips(SphinxPostTransform):
    """En la web: cada enlace a un término lleva la clase ``lessons-term`` y la página, sus definiciones."""

    default_priority = 20  # después de resolver las referencias (10)

    def run(self, **kwargs):
        if self.app.builder.format != "html":
            return
        entries = glossary_entries(self.env)
        used = {}
        for reference in self.document.findall(nodes.reference):
            inner = reference.next_node(nodes.inline)
            if inner is None or "std-term" not in inner["classes"]:
                continue
            anchor = reference.get("refid") or reference.get("refuri", "").partition("#")[2]
            if anchor in entries:
                reference["classes"].append("lessons-term")
                used[anchor] = {"term": entries[anchor]["term"], "text": entries[anchor]["text"]}
        if used:
            data = json.dumps(used, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
            script = f'<script type="application/json" id="lessons-glossary-data">{data}</script>'
            self.document += nodes.raw("", script, format="html")


def visit_english(self, node):
    self.body.append('<span lang="en">')


def depart_english(self, node):
    self.body.append("</span>")


def visit_plain(self, node):
    pass


def depart_plain(self, node):
    pass


def purge_entries(app, env, docname):
    entries = glossary_entries(env)
    for anchor in [a for a, entry in entries.items() if entry["docname"] == docname]:
        del entries[anchor]


def merge_entries(app, env, docnames, other):
    glossary_entries(env).update(
        {a: entry for a, entry in glossary_entries(other).items() if entry["docname"] in docnames}
    )


def setup(app):
    app.add_node(english, html=(visit_english, depart_english), latex=(visit_plain, depart_plain))
    app.add_node(glossary_index)
    app.add_directive("glossary-term", GlossaryTerm)
    app.add_directive("glossary-index", GlossaryIndex)
    app.add_transform(FillGlossaryIndex)
    app.add_post_transform(TermTooltips)
    app.connect("env-purge-doc", purge_entries)
    app.connect("env-merge-info", merge_entries)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
