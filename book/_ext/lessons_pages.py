"""Páginas que cualquiera puede leer: con lector de pantalla, en un teléfono, sin animaciones.

1. Los estilos propios del libro (``book/_static/lessons.css``): código y
   tablas que se desplazan en su propia caja, salidas que se parten en
   varias líneas, figuras a la medida de la pantalla y nada de animaciones
   para quien pide movimiento reducido.
2. Los botones de los índices, que funcionan en cualquier pantalla
   (``book/_static/lessons.js``): el tema solo conecta el primero de cada
   clase, que en este libro está oculto.
3. La bibliografía como una lista que los lectores de pantalla entienden:
   docutils marca cada referencia con el papel ``doc-biblioentry``, que
   DPUB-ARIA 1.1 declaró obsoleto, dentro de un ``role="list"`` que entonces
   queda sin elementos de lista. Aquí cada referencia es un ``listitem``.
"""

from pathlib import Path

from docutils import nodes

STATIC = Path(__file__).resolve().parents[1] / "_static"


def add_static_path(app, config):
    """Sirve ``book/_static`` junto con los archivos del tema."""
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


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
    app.add_css_file("lessons.css")
    app.add_js_file("lessons.js")
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
