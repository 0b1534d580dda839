"""El sitio compilado, leído como archivos: autónomo, en español, con enlaces sanos y descargas útiles."""

import re
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import unquote, urlparse

import nbformat
import pytest
from booktools import CHAPTERS, NOTEBOOKS, read_page

import lessons_lib

pytestmark = pytest.mark.book

import lessons_notebooks  # noqa: E402  (cuadernos y botones de la extensión del libro)


class Collector(HTMLParser):
    """Recoge recursos (src/href), identificadores y textos visibles de una página."""

    LABEL_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-tooltip", "data-bs-title")
    HIDDEN = ("script", "style", "pre", "code", "math")

    def __init__(self):
        super().__init__()
        self.resources = []  # (etiqueta, atributo, valor, rel)
        self.ids = set()
        self.labels = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("src", "href"):
            if attrs.get(name):
                self.resources.append((tag, name, attrs[name], attrs.get("rel", "")))
        self.labels += [attrs[a] for a in self.LABEL_ATTRIBUTES if attrs.get(a)]
        if tag in self.HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.labels.append(data)


def parse(path):
    collector = Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def html_files(html_dir):
    """Las páginas del sitio (``_static`` guarda plantillas del tema, no páginas)."""
    return sorted(path for path in html_dir.rglob("*.html") if "_static" not in path.parts)


def is_external(url):
    return urlparse(url).scheme in ("http", "https") or url.startswith("//")


# --- Autónomo ------------------------------------------------------------------------


def test_no_page_loads_scripts_styles_fonts_or_images_from_other_hosts(html_dir):
    offenders = []
    for path in html_files(html_dir):
        for tag, attribute, url, rel in parse(path).resources:
            loads_something = tag in ("script", "img", "iframe", "source", "embed") or (
                tag == "link" and any(r in rel for r in ("stylesheet", "preload", "icon", "modulepreload"))
            )
            if loads_something and is_external(url):
                offenders.append(f"{path.relative_to(html_dir)}: <{tag} {attribute}={url}>")
    for path in html_dir.rglob("*.css"):
        for url in re.findall(r"(?:url\(|@import\s+)['\"]?((?:https?:)?//[^'\")\s]+)", path.read_text(errors="ignore")):
            offenders.append(f"{path.relative_to(html_dir)}: {url}")
    assert not offenders, "\n".join(offenders)


def test_math_is_served_by_the_site_itself(html_dir):
    page = read_page(html_dir, "normas")
    script = re.search(r'<script[^>]*src="([^"]*mathjax[^"]*)"', page).group(1)
    assert not is_external(script)
    assert (html_dir / "book" / script.split("?")[0]).resolve().is_file()


def test_no_interactive_launchers_without_a_repository_url(html_dir):
    for chapter in CHAPTERS:
        page = read_page(html_dir, chapter).lower()
        for launcher in ("thebe", "mybinder", "colab.research.google.com", "jupyterhub"):
            assert launcher not in page, f"{chapter}: {launcher}"


# --- En español ------------------------------------------------------------------------

ENGLISH_LABELS = [
    "Contents",
    "Exercise",
    "Solution",
    "Search",
    "Download",
    "Previous",
    "Next",
    "Show code",
    "Hide code",
    "Click to",
    "Copy",
    "Skip to",
    "Back to top",
    "Toggle",
    "Print to",
    "Fullscreen",
    "Theme",
    "On this page",
    "Link to",
    "source file",
    "Launch",
    "Edit this",
    "Last updated",
    "Light",
    "Dark",
    "Document",
    "Modified",
    "Method",
    "Run Time",
    "Status",
    "Parameters",
    "Returns",
    "Raises",
    "Return type",
    "Example",
    "Index",
    "Figure",
    "Table",
    "Section",
    "Note",
    "Warning",
]


def test_no_english_label_is_left_in_the_interface(html_dir):
    found = []
    for path in html_files(html_dir):
        for text in parse(path).labels:
            for word in ENGLISH_LABELS:
                if re.search(rf"\b{re.escape(word)}\b", text):
                    found.append(f"{path.relative_to(html_dir)}: {word!r} en {text.strip()[:70]!r}")
    assert not found, "\n".join(sorted(set(found)))


def test_pages_declare_spanish(html_dir):
    for path in html_files(html_dir):
        page = path.read_text(encoding="utf-8")
        if 'http-equiv="Refresh"' in page:  # index.html solo redirige a la portada
            continue
        assert re.search(r'<html[^>]*lang="es"', page), path


# --- Enlaces ------------------------------------------------------------------------------


def test_every_internal_link_and_anchor_resolves(html_dir):
    parsed = {path: parse(path) for path in html_files(html_dir)}
    broken = []
    for path, page in parsed.items():
        for _tag, _attribute, url, _rel in page.resources:
            target = urlparse(url)
            if (
                target.scheme
                or url.startswith(("//", "mailto:", "javascript:"))
                or not (target.path or target.fragment)
            ):
                continue
            file = (path.parent / unquote(target.path)).resolve() if target.path else path
            if file.is_dir():
                file = file / "index.html"
            if not file.exists():
                broken.append(f"{path.relative_to(html_dir)}: {url} (no existe)")
            elif target.fragment and file.suffix == ".html":
                ids = parsed[file].ids if file in parsed else parse(file).ids
                if unquote(target.fragment) not in ids:
                    broken.append(f"{path.relative_to(html_dir)}: {url} (no hay ancla)")
    assert not broken, "\n".join(broken)


# --- Referencia de la API y bibliografía ---------------------------------------------------


def test_api_reference_documents_every_public_name(html_dir):
    ids = parse(html_dir / "book" / "api.html").ids
    from lessons_lib import checks, explorer, regularization_paths

    public = [f"lessons_lib.{name}" for name in lessons_lib.__all__ if not name.startswith("__")]
    for module in (checks, explorer, regularization_paths):
        exported = set(lessons_lib.__all__)
        public += [f"{module.__name__}.{name}" for name in module.__all__ if name not in exported]
    missing = [name for name in public if name not in ids]
    assert not missing, f"faltan en la referencia: {missing}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapters_link_to_the_api_reference(html_dir, chapter):
    links = set(re.findall(r'href="api\.html#(lessons_lib\.[A-Za-z_0-9]+)"', read_page(html_dir, chapter)))
    assert len(links) >= 5, links


def test_bibliography_lists_the_sources_and_chapters_cite_them(html_dir):
    bibliography = read_page(html_dir, "bibliografia")
    for words in [
        "Dive into Deep Learning",
        "Dropout: a simple way",
        "simple weight decay",
        "Ill-Posed Problems",
        "Tikhonov",
        "Fashion-MNIST",
    ]:
        assert words in bibliography, words
    for chapter in CHAPTERS[1:]:
        assert 'href="bibliografia.html#' in read_page(html_dir, chapter)


def test_bibliography_speaks_spanish_in_editions_and_pages(html_dir):
    text = re.sub(r"<[^>]+>", "", read_page(html_dir, "bibliografia"))
    assert "Johns Hopkins University Press, Baltimore, 4.ª ed., 2013" in text
    assert "págs. 950–957" in text
    assert not re.search(r"\d edition|\bpages\b|\beditors?\b|\bIn\b", text)


# --- Descargas --------------------------------------------------------------------------


@pytest.mark.parametrize("chapter", NOTEBOOKS)
def test_each_chapter_offers_its_notebook_and_source(html_dir, chapter):
    page = read_page(html_dir, chapter)
    assert f'href="../_sources/book/{chapter}.ipynb"' in page
    assert f'href="../_sources/book/{chapter}.md"' in page
    notebook = nbformat.read(html_dir / "_sources" / "book" / f"{chapter}.ipynb", as_version=4)
    assert "lessons-lib-install" in notebook.cells[0].metadata["tags"]
    assert any(cell.get("outputs") for cell in notebook.cells[1:] if cell.cell_type == "code")
    assert not any("{glue:text}" in cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def test_downloaded_chapter_runs_as_is_in_a_fresh_kernel(html_dir, tmp_path):
    import nbclient

    notebook = nbformat.read(html_dir / "_sources" / "book" / "normas.ipynb", as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    outputs = [o for cell in notebook.cells for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("tensor(5.)" in o.get("data", {}).get("text/plain", "") for o in outputs)


def test_install_cell_installs_from_the_configured_repository():
    cell = lessons_notebooks.install_cell("https://github.com/ejemplo/sobreajuste")
    assert 'pip install --quiet "lessons_lib @ git+https://github.com/ejemplo/sobreajuste"' in cell.source
    assert cell.source.index("import lessons_lib") < cell.source.index("%pip")
    without_url = lessons_notebooks.install_cell("")
    assert "pip install /ruta/al/repositorio" in without_url.source and "%pip" not in without_url.source


def fake_buttons():
    return [
        {
            "type": "group",
            "label": "download-buttons",
            "tooltip": "Download this page",
            "buttons": [{"type": "link", "label": "download-source-button", "tooltip": "Download source file"}],
        }
    ]


def test_colab_button_appears_only_with_a_github_repository_url():
    def buttons_for(url):
        app = SimpleNamespace(config=SimpleNamespace(html_theme_options={"repository_url": url}, lessons_book_pdf=""))
        context = {
            "header_buttons": fake_buttons(),
            "pathto": lambda name, relative: name,
            "ipynb_source": "book/normas.ipynb",
        }
        lessons_notebooks.adjust_header_buttons(app, "book/normas", "page.html", context, None)
        return context["header_buttons"]

    assert not any(button.get("label") == "colab-button" for button in buttons_for(""))
    colab = buttons_for("https://github.com/ejemplo/sobreajuste")[0]
    assert colab["text"] == "Abrir en Colab"
    assert colab["url"] == (
        "https://colab.research.google.com/github/ejemplo/sobreajuste/blob/gh-pages/_sources/book/normas.ipynb"
    )


def test_header_tooltips_are_translated():
    app = SimpleNamespace(config=SimpleNamespace(html_theme_options={}, lessons_book_pdf=""))
    context = {"header_buttons": fake_buttons(), "pathto": lambda name, relative: name}
    lessons_notebooks.adjust_header_buttons(app, "book/normas", "page.html", context, None)
    group = context["header_buttons"][0]
    assert group["tooltip"] == "Descargar esta página"
    assert group["buttons"][0]["tooltip"] == "Descargar el código fuente MyST (.md)"


# --- Reproducibilidad -------------------------------------------------------------------


def test_reproducibility_appendix_reports_times_device_and_versions(html_dir):
    import torch

    page = read_page(html_dir, "reproducibilidad")
    text = re.sub(r"<[^>]+>", " ", page)
    for chapter in NOTEBOOKS:
        assert re.search(rf"book/{chapter}\s*</span>\s*</a>\s*</p>\s*</td>\s*<td>\s*<p>\d{{4}}-\d\d-\d\d", page), (
            chapter
        )
    times = re.findall(r"<td><p>(\d+(?:\.\d+)?)</p></td>\s*<td><p>✅", page)
    assert len(times) == len(NOTEBOOKS) and all(float(t) > 0 for t in times)
    assert torch.__version__ in text and lessons_lib.__version__ in text
    assert str(lessons_lib.get_device()) in text


# --- Figuras descritas ------------------------------------------------------------------

FILE_NAME = re.compile(r"\.(png|svg|jpe?g|gif|pdf)\b|_images/|^[\w.-]+$", re.I)


def test_every_image_has_a_descriptive_alt_text(html_dir):
    """Cada imagen del libro se describe con una frase, no con el nombre de su archivo."""
    images = 0
    problems = []
    for path in html_files(html_dir):
        for tag in re.findall(r"<img\b[^>]*>", path.read_text(encoding="utf-8")):
            images += 1
            alt = re.search(r'\balt="([^"]*)"', tag)
            text = alt.group(1).strip() if alt else ""
            if not text or FILE_NAME.search(text) or len(text.split()) < 8 or not text.endswith("."):
                problems.append(f"{path.relative_to(html_dir)}: alt={text!r}")
    assert images >= 9
    assert not problems, "\n".join(problems)
