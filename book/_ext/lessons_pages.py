"""Páginas que cualquiera puede leer: sin conexión, en español, con lector de pantalla, en un teléfono.

1. Los estilos y guiones propios del libro (``book/_static``): código y
   tablas que se desplazan en su propia caja, salidas que se parten en
   varias líneas, figuras a la medida de la pantalla, nada de animaciones
   para quien pide movimiento reducido, los botones de los índices en
   cualquier pantalla, las preguntas de repaso, las definiciones del glosario
   y el explorador. Cada página define antes ``window.lessonsTexts``, los
   textos en español que usan esos guiones (``lessons_texts``).
2. Un sitio que funciona sin conexión: MathJax servido desde el propio sitio.
3. La interfaz en español: los textos de las plantillas, del buscador y de
   myst-nb, las cabeceras de la tabla de ``{nb-exec-table}`` y la
   bibliografía con «y», «En», «págs.» y «4.ª ed.».
4. La bibliografía como una lista que los lectores de pantalla entienden:
   docutils marca cada referencia con el papel ``doc-biblioentry``, que
   DPUB-ARIA 1.1 declaró obsoleto, dentro de un ``role="list"`` que entonces
   queda sin elementos de lista. Aquí cada referencia es un ``listitem``.
"""

from pathlib import Path

from docutils import nodes
from lessons_texts import (
    BIBLIOGRAPHY,
    CODE_PROMPT_HIDE,
    CODE_PROMPT_SHOW,
    EXECUTION_CACHE,
    EXECUTION_TABLE,
    SEARCH_BAR_TEXT,
    TEMPLATES,
    for_scripts,
)
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

STATIC = Path(__file__).resolve().parents[1] / "_static"
#: Los guiones del libro, en el orden en que se cargan.
SCRIPTS = ["lessons.js", "lessons-quiz.js", "lessons-glossary.js", "lessons-explorer.js"]


def add_static_path(app, config):
    """Sirve ``book/_static`` junto con los archivos del tema."""
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


def offline_math(app, config):
    """Fórmulas con MathJax copiado en el sitio por sphinx-mathjax-offline, salida SVG.

    La salida SVG no necesita archivos de fuentes, que Chromium no carga desde
    ``file://``: así las fórmulas se ven igual con el sitio servido o abierto
    desde el disco, y sin conexión.
    """
    config.mathjax_path = "mathjax/tex-svg.js"


def spanish_interface(app, config):
    """Los textos del buscador, de los botones de código de myst-nb y de las plantillas."""
    config.html_theme_options["search_bar_text"] = SEARCH_BAR_TEXT
    config.nb_code_prompt_show = CODE_PROMPT_SHOW
    config.nb_code_prompt_hide = CODE_PROMPT_HIDE
    config.html_context["lessons_texts"] = TEMPLATES


def register_spanish_bibliography_style():
    """Estilo de bibliografía «es»: el de pybtex (unsrt) con «y», «En», «págs.» y «4.ª ed.» en español."""
    from pybtex.plugin import register_plugin
    from pybtex.style.formatting import toplevel
    from pybtex.style.formatting.unsrt import Style, pages
    from pybtex.style.template import field, join, names, optional, optional_field, sentence, words

    class SpanishStyle(Style):
        def format_names(self, role, as_sentence=True):
            formatted = names(role, sep=", ", sep2=BIBLIOGRAPHY["and"], last_sep=BIBLIOGRAPHY["and"])
            return sentence[formatted] if as_sentence else formatted

        def format_edition(self, e):
            return optional[join[field("edition"), BIBLIOGRAPHY["edition"]]]

        def get_inproceedings_template(self, e):
            return toplevel[
                sentence[self.format_names("author")],
                self.format_title(e, "title"),
                words[
                    BIBLIOGRAPHY["in"],
                    sentence[
                        self.format_btitle(e, "booktitle", as_sentence=False),
                        optional[BIBLIOGRAPHY["pages"], pages],
                    ],
                    self.format_address_organization_publisher_date(e),
                ],
                sentence[optional_field("note")],
                self.format_web_refs(e),
            ]

        def get_incollection_template(self, e):
            editors = join(sep=" ")[self.format_names("editor", as_sentence=False), BIBLIOGRAPHY["editors"]]
            return toplevel[
                sentence[self.format_names("author")],
                self.format_title(e, "title"),
                words[
                    BIBLIOGRAPHY["in"],
                    sentence[
                        optional[editors],
                        self.format_btitle(e, "booktitle", as_sentence=False),
                        optional[BIBLIOGRAPHY["pages"], pages],
                    ],
                ],
                sentence[optional_field("publisher"), optional_field("address"), self.format_edition(e), field("year")],
                self.format_web_refs(e),
            ]

    register_plugin("pybtex.style.formatting", "es", SpanishStyle, force=True)


class SpanishExecutionTable(SphinxPostTransform):
    """Cabeceras en español para la tabla de ``{nb-exec-table}`` de myst-nb."""

    default_priority = 9  # después de la que crea la tabla (8)

    def run(self, **kwargs):
        for table in self.document.findall(nodes.table):
            head = next(table.findall(nodes.thead), None)
            texts = list(head.findall(nodes.Text)) if head is not None else []
            if [str(text) for text in texts] != list(EXECUTION_TABLE):
                continue
            for text in texts + [t for t in table.findall(nodes.Text) if str(t) == "cache"]:
                text.parent.replace(text, nodes.Text(EXECUTION_TABLE.get(str(text), EXECUTION_CACHE)))
            if self.app.builder.format == "latex":
                # En el PDF los capítulos no son documentos: enlace → texto.
                for xref in list(table.findall(addnodes.pending_xref)):
                    xref.replace_self(xref.children)


def visit_citation(self, node):
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self, node):
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), type(node)):
        self.body.append("</div>\n")


def setup(app):
    app.connect("config-inited", add_static_path)
    app.connect("config-inited", offline_math)
    # Antes de que myst-nb y el tema lean su configuración.
    app.connect("config-inited", spanish_interface)
    app.add_css_file("lessons.css")
    app.add_js_file(None, body=f"window.lessonsTexts = {for_scripts()};")
    for script in SCRIPTS:
        app.add_js_file(script)
    app.add_post_transform(SpanishExecutionTable)
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    register_spanish_bibliography_style()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
