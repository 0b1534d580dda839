"""Preguntas de repaso: ``quiz`` y ``quiz-option``, con la respuesta calculada por el capítulo.

Una pregunta va justo después de la sección que repasa. En la página, el
lector elige una opción (o escribe un número) y pulsa «Comprobar»; la
respuesta aparece en una zona ``aria-live`` y empieza por «Correcto» o
«Incorrecto», seguida de la frase que lo explica. Todo funciona sin conexión,
desde ``file://`` y con el teclado (``book/_static/lessons-quiz.js``). En el
PDF, la pregunta queda donde está y su respuesta, al final del capítulo.

Opción múltiple (una sola correcta; el texto de cada opción es la frase que
explica por qué es, o no es, la respuesta)::

    ::::{quiz}
    ¿Qué bola unidad del plano es un rombo?

    :::{quiz-option} La de $\\ell_2$.
    Es un círculo: todos sus puntos están a distancia euclídea 1 del origen.
    :::

    :::{quiz-option} La de $\\ell_1$.
    :correct:
    $|x_1| + |x_2| = 1$ son cuatro segmentos con los vértices sobre los ejes.
    :::
    ::::

Respuesta numérica: ``:glue:`` nombra un valor pegado con ``glue`` en el
propio capítulo (un número que el libro calcula: si el cálculo cambia, la
respuesta cambia con él; si falta, la compilación se detiene), o ``:answer:``
da un número que no se calcula. ``:tolerance:`` es la diferencia que se
acepta; ``:why:``, la frase de «Correcto», y ``:hint:``, la de «Incorrecto»::

    :::{quiz}
    :glue: quiz_l1
    :tolerance: 0.01
    :why: Se suman los valores absolutos: $3 + 4 = 7$.
    :hint: La norma $\\ell_1$ suma los valores absolutos, sin elevarlos al cuadrado.

    ¿Cuánto vale $\\|(3, -4)\\|_1$?
    :::
"""

import base64
import json
import math

from docutils import nodes
from docutils.parsers.rst import directives
from lessons_texts import (
    QUIZ_ANSWER_LABEL,
    QUIZ_ANSWERS_TITLE,
    QUIZ_CHECK,
    QUIZ_PDF_SEE_ANSWER,
    QUIZ_PDF_WRITE_NUMBER,
    QUIZ_TITLE,
    QUIZ_TOLERANCE,
)
from sphinx import addnodes
from sphinx.errors import ExtensionError
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

import lessons_lib


class quiz(nodes.General, nodes.Element):
    """Una pregunta: ``kind`` («choice» o «number»), ``key`` (la respuesta) y ``number``."""


class quiz_question(nodes.General, nodes.Element):
    """El enunciado."""


class quiz_option(nodes.General, nodes.Element):
    """Una opción: su texto (``quiz_label``) y la frase que la explica (``quiz_explanation``)."""


class quiz_label(nodes.Inline, nodes.TextElement):
    """El texto de una opción."""


class quiz_explanation(nodes.General, nodes.Element):
    """La frase que sigue a «Correcto» o «Incorrecto» (``outcome``: la opción, «right» o «wrong»)."""


class QuizError(ExtensionError):
    """Una pregunta sin respuesta: la compilación se detiene."""


def parse_number(text):
    """Un número de una opción o de un valor pegado (``"0.25"``, ``"7"``); ``ValueError`` si no lo es."""
    value = float(str(text).strip().strip("'\""))
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def decimals_for(tolerance):
    """Los decimales con los que se escribe una respuesta que admite ``tolerance`` de diferencia."""
    return max(0, -math.floor(math.log10(tolerance))) if tolerance > 0 else 6


def encode_key(key):
    """La respuesta, en base64: no se ve en la página ni la encuentra el buscador del navegador."""
    return base64.b64encode(json.dumps(key).encode()).decode("ascii")


class Quiz(SphinxDirective):
    """``quiz``: el enunciado y sus ``quiz-option``, o una respuesta numérica."""

    has_content = True
    option_spec = {
        "glue": directives.unchanged_required,
        "answer": directives.unchanged_required,
        "tolerance": directives.unchanged_required,
        "unit": directives.unchanged,
        "why": directives.unchanged_required,
        "hint": directives.unchanged_required,
    }

    def inline(self, text):
        parsed, messages = self.state.inline_text(text, self.lineno)
        return parsed + messages

    def run(self):
        serial = self.env.new_serialno("lessons-quiz")
        node = quiz(ids=[f"quiz-{serial}"])
        self.set_source_info(node)
        body = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, body)
        options = [child for child in body.children if isinstance(child, quiz_option)]
        question = quiz_question("", *[child for child in body.children if not isinstance(child, quiz_option)])
        if not question.children:
            return [self.state.document.reporter.error("quiz: falta el enunciado", line=self.lineno)]
        node += question
        numeric = "glue" in self.options or "answer" in self.options
        try:
            if numeric:
                self.numeric(node, options)
            else:
                self.choice(node, options)
        except ValueError as error:
            return [self.state.document.reporter.error(f"quiz: {error}", line=self.lineno)]
        return [node]

    def choice(self, node, options):
        correct = [index for index, option in enumerate(options) if option["correct"]]
        if len(options) < 2 or len(correct) != 1:
            raise ValueError(
                f"una pregunta de opción múltiple necesita al menos 2 opciones y una sola con :correct:; "
                f"tiene {len(options)} opciones y {len(correct)} correctas"
            )
        for index, option in enumerate(options):
            option["index"] = index
            node += option
        node["kind"] = "choice"
        node["key"] = {"answer": correct[0]}

    def numeric(self, node, options):
        if options:
            raise ValueError("una pregunta con respuesta numérica no lleva quiz-option")
        missing = [name for name in ("tolerance", "why", "hint") if name not in self.options]
        if missing or ("glue" in self.options) == ("answer" in self.options):
            raise ValueError(
                f"una respuesta numérica necesita :glue: o :answer: (uno), y :tolerance:, :why: y :hint:; faltan {missing}"
            )
        tolerance = parse_number(self.options["tolerance"])
        if tolerance < 0:
            raise ValueError(f":tolerance: debe ser un número mayor o igual que 0; se recibió {tolerance}")
        value = self.glued(self.options["glue"]) if "glue" in self.options else parse_number(self.options["answer"])
        node["kind"] = "number"
        node["key"] = {"value": value, "tolerance": tolerance}
        node["unit"] = self.options.get("unit", "")
        for outcome in ("why", "hint"):
            paragraph = nodes.paragraph("", "", *self.inline(self.options[outcome]))
            node += quiz_explanation("", paragraph, outcome="right" if outcome == "why" else "wrong")

    def glued(self, name):
        """El número pegado como ``name`` en este capítulo: sin él, la compilación se detiene."""
        from myst_nb.ext.glue.utils import RetrievalError, retrieve_glue_data

        where = f"{self.env.docname}, línea {self.lineno}"
        try:
            text = retrieve_glue_data(self.state.document, name).data["text/plain"]
        except RetrievalError as error:
            raise QuizError(
                f"{where}: la pregunta toma su respuesta del valor pegado {name!r}, que el capítulo no pega "
                f"(glue({name!r}, ...) en una celda de código)"
            ) from error
        try:
            return parse_number(text)
        except ValueError as error:
            raise QuizError(f"{where}: el valor pegado {name!r} no es un número: {text!r}") from error


class QuizOption(SphinxDirective):
    """``quiz-option``: el texto de la opción (argumento) y la frase que la explica (contenido)."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"correct": directives.flag}

    def run(self):
        if not self.content:
            return [
                self.state.document.reporter.error(
                    "quiz-option: falta la frase que explica la opción", line=self.lineno
                )
            ]
        parsed, messages = self.state.inline_text(self.arguments[0], self.lineno)
        label = quiz_label("", "", *parsed)
        words = "".join(node.astext() for node in label.findall(nodes.Text) if not isinstance(node.parent, nodes.math))
        if not words.strip(" .,;:"):
            # Un <label> que solo tiene una fórmula queda sin nombre para axe y algunos lectores de pantalla.
            return [
                self.state.document.reporter.error(
                    "quiz-option: la opción necesita palabras además de la fórmula", line=self.lineno
                )
            ]
        explanation = quiz_explanation()
        self.state.nested_parse(self.content, self.content_offset, explanation)
        option = quiz_option("", label, explanation, correct="correct" in self.options)
        self.set_source_info(option)
        return [option, *messages]


# --- Numeración y respuestas al final del capítulo -----------------------------------------


def option_letter(index):
    return "abcdefghijklmnopqrstuvwxyz"[index] + ")"


def answer_text(node):
    """La respuesta de una pregunta, como nodos de una línea: «b) La de ℓ1.» o «7.00 (...)»."""
    if node["kind"] == "choice":
        index = node["key"]["answer"]
        label = next(o for o in node.findall(quiz_option) if o["index"] == index).next_node(quiz_label)
        return [nodes.Text(f"{option_letter(index)} "), *[child.deepcopy() for child in label.children]]
    value, tolerance = node["key"]["value"], node["key"]["tolerance"]
    decimals = decimals_for(tolerance)
    unit = f"\u00a0{node['unit']}" if node["unit"] else ""
    shown = lessons_lib.format_number(value, decimals) + unit
    margin = QUIZ_TOLERANCE.format(tolerance=lessons_lib.format_number(tolerance, decimals) + unit)
    return [nodes.Text(f"{shown} ({margin}).")]


def explanation_of_answer(node):
    """La frase que explica la respuesta correcta."""
    if node["kind"] == "choice":
        index = node["key"]["answer"]
        option = next(o for o in node.findall(quiz_option) if o["index"] == index)
        return option.next_node(quiz_explanation)
    return next(e for e in node.findall(quiz_explanation) if e["outcome"] == "right")


class NumberQuizzes(SphinxTransform):
    """Numera las preguntas de cada página y deja sus respuestas al final, solo para el PDF."""

    default_priority = 500

    def apply(self, **kwargs):
        quizzes = list(self.document.findall(quiz))
        if not quizzes:
            return
        answers = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
        for number, node in enumerate(quizzes, start=1):
            node["number"] = number
            item = nodes.paragraph("", "", *answer_text(node))
            answers += nodes.list_item("", item, *[child.deepcopy() for child in explanation_of_answer(node).children])
        section = nodes.section(ids=[f"quiz-answers-{self.env.new_serialno('lessons-quiz-answers')}"])
        section += nodes.title("", QUIZ_ANSWERS_TITLE)
        section += answers
        only = addnodes.only(expr="latex")
        only += section
        chapter = self.document.next_node(nodes.section) or self.document
        chapter += only


class QuizzesForPrint(SphinxPostTransform):
    """Fuera de la web (el PDF): cada pregunta es un recuadro con sus opciones, sin respuesta."""

    default_priority = 200

    def run(self, **kwargs):
        if self.app.builder.format == "html":
            return
        for node in list(self.document.findall(quiz)):
            box = nodes.admonition(classes=["lessons-quiz"])
            box += nodes.title("", f"{QUIZ_TITLE} {node.get('number', '')}".strip())
            box += node.next_node(quiz_question).children
            if node["kind"] == "choice":
                options = nodes.enumerated_list(enumtype="loweralpha", prefix="", suffix=")")
                for option in node.findall(quiz_option):
                    options += nodes.list_item("", nodes.paragraph("", "", *option.next_node(quiz_label).children))
                box += options
                box += nodes.paragraph("", QUIZ_PDF_SEE_ANSWER)
            else:
                box += nodes.paragraph("", f"{QUIZ_PDF_WRITE_NUMBER} {QUIZ_PDF_SEE_ANSWER}")
            node.replace_self(box)


# --- HTML -------------------------------------------------------------------------------


def visit_quiz(self, node):
    quiz_id = node["ids"][0]
    self.body.append(
        f'<div class="lessons-quiz" id="{quiz_id}" role="group" aria-labelledby="{quiz_id}-title" '
        f'data-quiz="{node["kind"]}" data-key="{encode_key(node["key"])}">'
        f'<p class="lessons-quiz-title" id="{quiz_id}-title">{self.encode(QUIZ_TITLE)} {node.get("number", "")}</p>'
        f'<form class="lessons-quiz-form" novalidate>'
    )


def depart_quiz(self, node):
    self.body.append(
        f'<button type="submit" class="lessons-quiz-check">{self.encode(QUIZ_CHECK)}</button>'
        '<div class="lessons-quiz-feedback" role="status" aria-live="polite"></div>'
        "</form></div>\n"
    )


def visit_quiz_question(self, node):
    self.body.append(f'<div class="lessons-quiz-question" id="{node.parent["ids"][0]}-question">')


def depart_quiz_question(self, node):
    self.body.append("</div>")
    parent = node.parent
    if parent["kind"] == "number":
        answer = f"{parent['ids'][0]}-answer"
        self.body.append(
            f'<p class="lessons-quiz-answer"><label for="{answer}">{self.encode(QUIZ_ANSWER_LABEL)}</label> '
            f'<input type="text" inputmode="decimal" autocomplete="off" spellcheck="false" id="{answer}" '
            f'aria-describedby="{parent["ids"][0]}-question"></p>'
        )


def visit_quiz_option(self, node):
    quiz_id = node.parent["ids"][0]
    if node["index"] == 0:
        self.body.append(f'<div class="lessons-quiz-options" role="radiogroup" aria-labelledby="{quiz_id}-question">')
    option_id = f"{quiz_id}-option-{node['index']}"
    self.body.append(
        f'<div class="lessons-quiz-option"><input type="radio" name="{quiz_id}" id="{option_id}" '
        f'value="{node["index"]}">'
    )


def depart_quiz_option(self, node):
    self.body.append("</div>")
    if not isinstance(node.next_node(descend=False, siblings=True), quiz_option):
        self.body.append("</div>")


def visit_quiz_label(self, node):
    option = node.parent
    self.body.append(f'<label for="{option.parent["ids"][0]}-option-{option["index"]}">')


def depart_quiz_label(self, node):
    self.body.append("</label>")


def visit_quiz_explanation(self, node):
    outcome = node.get("outcome", node.parent.get("index", ""))
    self.body.append(f'<div class="lessons-quiz-explanation" data-outcome="{outcome}" hidden>')


def depart_quiz_explanation(self, node):
    self.body.append("</div>")


def setup(app):
    app.add_node(quiz, html=(visit_quiz, depart_quiz))
    app.add_node(quiz_question, html=(visit_quiz_question, depart_quiz_question))
    app.add_node(quiz_option, html=(visit_quiz_option, depart_quiz_option))
    app.add_node(quiz_label, html=(visit_quiz_label, depart_quiz_label))
    app.add_node(quiz_explanation, html=(visit_quiz_explanation, depart_quiz_explanation))
    app.add_directive("quiz", Quiz)
    app.add_directive("quiz-option", QuizOption)
    app.add_transform(NumberQuizzes)
    app.add_post_transform(QuizzesForPrint)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
