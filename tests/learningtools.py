"""Lo que comparten las pruebas de «aprender en la página»: preguntas, glosario y explorador.

Leen el HTML compilado (y, para comparar, el fuente MyST de los capítulos):
cada pregunta con su respuesta, cada entrada del glosario con sus
equivalentes en inglés y los términos que enlaza cada capítulo.
"""

import base64
import json
import re
from urllib.parse import unquote

from booktools import ROOT


def decode_key(value):
    """La respuesta de una pregunta (``data-key``, JSON en base64)."""
    return json.loads(base64.b64decode(value))


def quizzes_in_page(html):
    """[(tipo, respuesta)] de las preguntas de una página, en orden."""
    return [
        (kind, decode_key(key))
        for kind, key in re.findall(r'<div class="lessons-quiz"[^>]*data-quiz="(\w+)" data-key="([^"]+)"', html)
    ]


def quizzes_in_source(path):
    """[("choice", índice de la opción con :correct:) o ("number", {"glue" | "answer": ...})] del fuente MyST."""
    text = path.read_text(encoding="utf-8")
    found = []
    for block in re.finditer(r"^(:{3,})\{quiz\}\n(.*?)^\1$", text, re.M | re.S):
        body = block.group(2)
        options = re.findall(r"^:{3,}\{quiz-option\}.*\n((?::[a-z-]+:.*\n)*)", body, re.M)
        if options:
            found.append(("choice", [":correct:" in flags for flags in options].index(True)))
        else:
            fields = dict(re.findall(r"^:(glue|answer|tolerance): (.*)$", body, re.M))
            found.append(("number", fields))
    return found


def glossary_entries(html_dir):
    """Las entradas del glosario compilado y los equivalentes del índice inglés → español.

    Cada entrada: ``{"anchors": [...], "english": [...], "chapter": "Normas"}``.
    """
    html = (html_dir / "book" / "glosario.html").read_text(encoding="utf-8")
    entries = []
    for block in re.findall(r'<dl class="[^"]*glossary[^"]*">(.*?)</dl>', html, re.S):
        details = re.search(r'<p class="lessons-glossary-details">(.*?)</p>', block, re.S)
        chapter = re.sub(r"<[^>]+>", "", details.group(1)).rsplit(":", 1)[-1].strip(" .\n") if details else ""
        entries.append(
            {
                "anchors": re.findall(r'<dt id="(term-[^"]+)"', block),
                "english": [
                    e.strip()
                    for e in re.findall(r'<span lang="en">([^<]*)</span>', details.group(1) if details else "")
                ],
                "chapter": chapter,
            }
        )
    index = re.search(r'<ul class="[^"]*lessons-glossary-index[^"]*">(.*?)</ul>', html, re.S)
    english = re.findall(r'<span lang="en">([^<]*)</span>', index.group(1)) if index else []
    return entries, [e.strip() for e in english]


def linked_terms(html):
    """Las anclas del glosario que enlaza una página (``<a class="... lessons-term" href="glosario.html#term-...">``)."""
    links = re.findall(r'<a class="[^"]*lessons-term[^"]*" href="(?:glosario\.html)?#(term-[^"]+)"', html)
    return [unquote(anchor) for anchor in links]


def chapter_pages(html_dir):
    """{capítulo: HTML} de los capítulos del libro (los archivos que nombra el glosario)."""
    import lessons_texts

    return {
        name: (html_dir / "book" / f"{name}.html").read_text(encoding="utf-8")
        for name in lessons_texts.CHAPTERS
        if (html_dir / "book" / f"{name}.html").exists()
    }


def source_of(chapter):
    return ROOT / "book" / f"{chapter}.md"
