"""Los números de la prosa, como manda la Ortografía de la RAE (2010).

Se lee el texto de cada página compilada, sin código, sin salidas de código
en bloque y sin fórmulas, y se buscan las formas prohibidas: coma decimal o
de millares, cifras sin agrupar a partir de cinco, grupos con un espacio que
no es el fino irrompible, «%» pegado a la cifra o separado por un espacio
que se puede partir, y notación «5e-06».
"""

import re
from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.book

THIN = "\u202f"
# (nombre de la regla, patrón de lo que la incumple)
RULES = [
    ("coma entre cifras (decimal o de millares)", re.compile(r"\d,\d")),
    ("cinco cifras o más sin agrupar", re.compile(r"(?<![\d.\w-])\d{5,}(?![\d\w])")),
    (
        "grupo de millares separado por un espacio que no es el fino irrompible",
        re.compile(r"(?<![\d.])\d{1,3}[ \u00a0]\d{3}(?!\d)"),
    ),
    ("cuatro cifras agrupadas (1000 se escribe junto)", re.compile(rf"(?<![\d.{THIN}])\d{THIN}\d{{3}}(?![\d{THIN}])")),
    ("«%» pegado a la cifra", re.compile(r"\d%")),
    ("«%» separado por un espacio que se puede partir", re.compile(r"\d[ \t\n]%")),
    ("notación científica de calculadora (5e-06)", re.compile(r"\d(?:\.\d+)?[eE][-+]?\d")),
]
# Lo que no es prosa: código, salidas en bloque, fórmulas (MathJax las lee del
# texto \( … \) de estos elementos), y lo que no se muestra.
SKIPPED_TAGS = {"pre", "code", "script", "style", "svg", "math", "head"}
# sig: firmas de la API; citation: referencias bibliográficas, cuyas páginas,
# volúmenes y DOI son números que designan y la RAE no agrupa.
SKIPPED_CLASSES = {"math", "highlight", "cell_input", "headerlink", "sig", "citation"}


class ProseText(HTMLParser):
    """Cada trozo de texto visible que es prosa, separado de los demás."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # por cada etiqueta abierta: ¿se salta?
        self.texts = []

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "img", "hr", "input", "meta", "link", "wbr", "source"}:
            return  # sin cierre
        classes = set((dict(attrs).get("class") or "").split())
        skip = tag in SKIPPED_TAGS or bool(classes & SKIPPED_CLASSES)
        self.stack.append(skip or (self.stack[-1] if self.stack else False))

    def handle_endtag(self, tag):
        if tag in {"br", "img", "hr", "input", "meta", "link", "wbr", "source"}:
            return
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]) and data.strip():
            self.texts.append(data)


def prose(html):
    parser = ProseText()
    parser.feed(html)
    # Las fórmulas en línea sin etiqueta propia: \( … \) y $ … $.
    text = "\n".join(parser.texts)
    return re.sub(r"\\\(.*?\\\)|\\\[.*?\\\]", " ", text, flags=re.S)


def violations(text):
    found = []
    for rule, pattern in RULES:
        for match in pattern.finditer(text):
            start = max(0, match.start() - 30)
            found.append(f"{rule}: …{text[start : match.end() + 30]!r}…")
    return found


@pytest.mark.parametrize(
    "bad",
    [
        "la tabla dice 42,504",
        "vale 0,5",
        "hay 60000 imágenes",
        "hay 60 000 imágenes",
        f"hay 1{THIN}000 ejemplos",
        "un 96.2% de aciertos",
        "un 96.2 % de aciertos",  # el espacio normal deja partir la línea entre la cifra y «%»
        "difieren en 5e-06",
        "unos 2.5E+3",
    ],
)
def test_the_scanner_catches_each_forbidden_form(bad):
    assert violations(bad)


@pytest.mark.parametrize(
    "good",
    [
        f"hay 42{THIN}504 monomios",
        "1000 ejemplos",
        "un 96.2\u00a0% de aciertos",
        "difieren en 5·10⁻⁶",
        "el vector (3, −4)",
        "en 2019",
        "λ = 0.01",
        "1 y 2, 3 y 4",
    ],
)
def test_the_scanner_accepts_rae_numbers(good):
    assert violations(good) == []


def test_the_scanner_skips_code_and_formulas():
    html = (
        '<p>Texto con <code>1e-6</code> y <span class="math">\\(10^{5}\\)</span>.</p>'
        '<pre>42,504</pre><div class="cell_output"><div class="output stream"><pre>5e-06</pre></div></div>'
    )
    assert violations(prose(html)) == []


def test_every_page_writes_its_numbers_as_the_rae_says(html_dir):
    pages = sorted(html_dir.rglob("*.html"))
    assert len(pages) >= 8
    problems = {}
    for page in pages:
        if "_static" in page.parts or "_modules" in page.parts:
            continue
        found = violations(prose(page.read_text(encoding="utf-8")))
        if found:
            problems[str(page.relative_to(html_dir))] = found
    assert not problems, problems
