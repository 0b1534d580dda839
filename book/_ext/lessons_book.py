"""Extensión de Sphinx del libro: la única que nombra ``_config.yml``; pone en marcha las demás.

Cada módulo hace un trabajo:

- ``lessons_execute``: la ejecución de los capítulos (la huella que invalida
  la caché, la ejecución en paralelo y el recuento de comprobaciones);
- ``lessons_notebooks``: los cuadernos descargables, «Abrir en Colab»,
  «Informar de un error» y el PDF del libro en la cabecera;
- ``lessons_texts``: todos los textos en español de la interfaz;
- ``lessons_source``: la directiva ``libsource`` (el código de lessons_lib sin
  docstrings);
- ``lessons_pages``: páginas accesibles, sin conexión y en español (estilos,
  guiones, MathJax local, bibliografía);
- ``lessons_quiz``: las preguntas de repaso (directivas ``quiz`` y ``quiz-option``);
- ``lessons_glossary``: el glosario (directivas ``glossary-term`` y
  ``glossary-index``) y sus definiciones emergentes;
- ``lessons_status``: la directiva ``book-status``, el estado del libro.

Ningún módulo importa nombres privados de otro, y solo este los importa a
todos (los demás, como mucho, ``lessons_texts`` y ``lessons_execute``).
"""


def nitpick_pairs(app, config):
    """``nitpick_ignore`` de ``_config.yml`` llega como listas; Sphinx compara tuplas."""
    config.nitpick_ignore = [tuple(item) for item in config.nitpick_ignore]


EXTENSIONS = [
    "lessons_execute",
    "lessons_notebooks",
    "lessons_source",
    "lessons_pages",
    "lessons_quiz",
    "lessons_glossary",
    "lessons_status",
]


def setup(app):
    app.connect("config-inited", nitpick_pairs)
    for name in EXTENSIONS:
        app.setup_extension(name)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
