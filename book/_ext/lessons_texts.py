"""Los textos en español de la interfaz del libro, todos en un sitio.

Los usan las extensiones (``lessons_*.py``), las plantillas de
``book/_templates`` (a través de ``lessons_texts`` en su contexto) y los
guiones de ``book/_static`` (a través de ``window.lessonsTexts``, que cada
página define antes de cargarlos). Este módulo solo guarda textos: no importa
Sphinx ni ninguna otra extensión del libro.

Quedan fuera, cada uno donde su herramienta lo busca: las traducciones de la
propia interfaz de Sphinx que faltan en su catálogo
(``book/_locale/es/LC_MESSAGES/sphinx.po``), los mensajes de error y de
registro (junto al código que los lanza) y los textos que escribe
``lessons_lib`` en sus salidas (el reproductor de animaciones, el explorador).
"""

import json

# --- Botones de la cabecera de cada página ----------------------------------------

#: Textos de los botones de la cabecera (el tema trae algunos sin traducir).
HEADER_TOOLTIPS = {
    "download-buttons": "Descargar esta página",
    "download-notebook-button": "Descargar el cuaderno (.ipynb), que se ejecuta tal cual",
    "download-source-button": "Descargar el código fuente MyST (.md)",
    "download-pdf-button": "Imprimir esta página en PDF",
    "fullscreen-button": "Pantalla completa",
}
BOOK_PDF_TEXT = "libro en PDF"
BOOK_PDF_TOOLTIP = "Descargar el libro completo en PDF"
COLAB_TEXT = "Abrir en Colab"
COLAB_TOOLTIP = "Abrir este capítulo en Google Colab"
REPORT_TEXT = "Informar de un error"
REPORT_TOOLTIP = "Informar de un error en esta página (abre una incidencia en GitHub)"
#: Título y cuerpo de la incidencia que abre «Informar de un error».
REPORT_TITLE = "Error en «{title}»"
REPORT_BODY = (
    "Página: {title}\n"
    "Archivo: {path}\n"
    "Versión del libro: {commit}\n"
    "\n"
    "¿Qué está mal? (una frase, una cifra, una figura, un enlace...)\n"
    "\n"
    "¿Qué debería decir?\n"
)
UNKNOWN_COMMIT = "desconocida (el libro no se compiló desde un repositorio git)"
UNCOMMITTED = "{commit} con cambios sin confirmar"

# --- Opciones de los temas y de myst-nb ------------------------------------------------

SEARCH_BAR_TEXT = "Buscar en el libro…"
CODE_PROMPT_SHOW = "Mostrar el código"
CODE_PROMPT_HIDE = "Ocultar el código"

#: Los textos de las plantillas de ``book/_templates`` (``lessons_texts.<clave>``).
TEMPLATES = {
    "cover_nav": "Portada del libro",
    "book_nav": "Índice del libro",
    "toggle_primary": "Mostrar u ocultar el índice del libro",
    "toggle_secondary": "Mostrar u ocultar el índice de la página",
    "theme_switch": "Modo de color",
    "theme_switch_title": "Modo de color: claro, oscuro o el del sistema",
}

# --- Cuadernos descargables ------------------------------------------------------------

INSTALL_COMMENT = (
    "# Instala lessons_lib, la biblioteca del libro, si este entorno no la tiene\n"
    "# (por ejemplo, en Colab o en un Jupyter recién instalado).\n"
)
GLUE_COMMENT = (
    "# Los capítulos pegan sus números en el texto del libro con myst_nb.glue;\n"
    "# fuera del libro (sin myst-nb) basta con mostrarlos.\n"
)
INSTALL_BY_HAND = (
    "Este cuaderno necesita lessons_lib. Instálala desde una copia del "
    "repositorio del libro (pip install /ruta/al/repositorio) o desde "
    "una rueda (pip install /ruta/a/lessons_lib-*.whl)"
)

# --- Tablas, listados y bibliografía -----------------------------------------------------

#: Cabeceras de la tabla de ``{nb-exec-table}`` de myst-nb (inglés → español).
EXECUTION_TABLE = {
    "Document": "Capítulo",
    "Modified": "Ejecutado",
    "Method": "Modo",
    "Run Time (s)": "Segundos",
    "Status": "Estado",
}
EXECUTION_CACHE = "caché"
LIBSOURCE_LINK = " en la referencia de la API"
#: Las palabras del estilo de bibliografía «es».
BIBLIOGRAPHY = {"and": " y ", "in": "En", "pages": "págs. ", "edition": ".ª ed.", "editors": "(eds.)"}

# --- Preguntas de repaso ---------------------------------------------------------------

QUIZ_TITLE = "Pregunta de repaso"
QUIZ_CHECK = "Comprobar"
QUIZ_CORRECT = "Correcto"
QUIZ_INCORRECT = "Incorrecto"
QUIZ_ANSWER_LABEL = "Tu respuesta (un número)"
QUIZ_NOT_A_NUMBER = "Escribe un número, con punto o coma decimal (por ejemplo, 3.5)."
QUIZ_NO_CHOICE = "Elige una de las opciones antes de comprobar."
#: En el PDF: la pregunta remite a su respuesta, al final del capítulo.
QUIZ_PDF_SEE_ANSWER = "Respuesta al final del capítulo."
QUIZ_PDF_WRITE_NUMBER = "Escribe un número."
QUIZ_ANSWERS_TITLE = "Respuestas de las preguntas de repaso"
QUIZ_TOLERANCE = "se acepta una diferencia de hasta {tolerance}"

# --- Glosario --------------------------------------------------------------------------

GLOSSARY_ENGLISH = "En inglés"
GLOSSARY_CHAPTER = "Se presenta en"

#: Los capítulos del libro por su archivo, para el glosario: un capítulo que
#: aún no está en el libro se nombra sin enlace.
CHAPTERS = {
    "sobreajuste": "Sobreajuste",
    "normas": "Normas",
    "regularizacion": "Regularización de pesos",
    "parada-temprana": "Parada temprana",
    "dropout": "Dropout",
}

# --- Estado del libro ------------------------------------------------------------------

STATUS_HEADERS = [
    "Capítulo",
    "Última ejecución",
    "Segundos",
    "Comprobaciones (llamadas a claim)",
    "Semilla del libro",
]
STATUS_NOT_COUNTED = "sin contar"
STATUS_VERSIONS = "lessons_lib {version}; versión del libro (commit): "  # sigue el commit, como código
STATUS_DATE = "%Y-%m-%d %H:%M"


def for_scripts():
    """Los textos que usan los guiones de ``book/_static``, como JSON."""
    texts = {
        "correct": QUIZ_CORRECT,
        "incorrect": QUIZ_INCORRECT,
        "notANumber": QUIZ_NOT_A_NUMBER,
        "noChoice": QUIZ_NO_CHOICE,
    }
    return json.dumps(texts, ensure_ascii=False).replace("</", "<\\/")
