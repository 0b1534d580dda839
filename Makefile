# «Técnicas para evitar el sobreajuste»: make book | pdf | test | bench | gpu-check | serve | clean
#
# Todo se instala en .venv (se crea si falta) y solo se reinstala cuando cambia
# pyproject.toml. Los paquetes del sistema (TeX para el PDF, Chromium para las
# pruebas en el navegador, Fashion-MNIST sin conexión) se instalan con apt-get
# cuando make se ejecuta como root en Debian o Ubuntu; si no, make se detiene
# con la orden exacta que hay que ejecutar.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
JB := $(VENV)/bin/jupyter-book
# -W: cualquier aviso es un error; -n: referencias rotas también; --keep-going:
# informa de todos los avisos antes de fallar.
JB_FLAGS := -W -n --keep-going
PORT ?= 8000

TEX_PACKAGES := texlive-xetex texlive-latex-extra texlive-fonts-recommended \
	texlive-fonts-extra texlive-lang-spanish latexmk fonts-freefont-otf fonts-dejavu-core
BROWSER_PACKAGES := chromium chromium-driver
IS_ROOT := $(shell [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && echo yes)

.PHONY: book pdf test test-fast lint bench gpu-check serve clean data tex browser

book: $(VENV)/.book-installed data
	$(JB) build . $(JB_FLAGS) --builder html

# El PDF, y el sitio otra vez para que cada página lo enlace (y lo copie).
pdf: $(VENV)/.book-installed data tex
	$(JB) build . $(JB_FLAGS) --builder pdflatex
	LESSONS_BOOK_PDF=_build/latex/tecnicas-sobreajuste.pdf $(JB) build . $(JB_FLAGS) --builder html
	@echo "PDF: _build/latex/tecnicas-sobreajuste.pdf (enlazado desde _build/html)"

# Todas las pruebas, con la cobertura de lessons_lib (mínimo 95 %).
test: lint $(VENV)/.test-installed data browser
	$(PY) -m pytest --cov=lessons_lib --cov-report=term-missing --cov-fail-under=95

# Lo que no compila el libro ni abre el navegador: el bucle rápido al programar.
test-fast: $(VENV)/.test-installed
	$(PY) -m pytest -m "not book and not slow"

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Rondas cortas intercaladas de (a) lessons_lib.fit, (b) PyTorch a mano,
# (c) d2l y el techo de la máquina; cocientes por ronda con su rango, y los
# tiempos de los capítulos de la última compilación.
bench: $(VENV)/.test-installed data
	$(PY) benchmarks/training_speed.py

# Los capítulos y la medición con LESSONS_LIB_DEVICE=cuda; sin GPU, un ensayo
# en seco en la CPU que lo dice.
gpu-check: $(VENV)/.test-installed data
	$(PY) benchmarks/gpu_check.py

serve: book
	@echo "Sirviendo el libro en http://localhost:$(PORT)/ (Ctrl+C para parar)"
	$(PY) -m http.server $(PORT) --directory _build/html

clean:
	rm -rf _build

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.book-installed: pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -e ".[book]"
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -e ".[book,test,grading]"
	touch $@ $(VENV)/.book-installed

# Fashion-MNIST: una copia verificada en algún sitio, o la descarga; si no hay
# red, el paquete de Debian.
data: | $(VENV)/.book-installed
	@$(PY) -m lessons_lib data || { \
	  if [ "$(IS_ROOT)" = yes ]; then \
	    echo "Instalando dataset-fashion-mnist con apt-get..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist \
	      && $(PY) -m lessons_lib data --no-download; \
	  else \
	    echo "Proporciona Fashion-MNIST de una de esas formas y vuelve a ejecutar make." >&2; exit 1; \
	  fi; }

tex:
	@if ! command -v xelatex >/dev/null || ! command -v latexmk >/dev/null \
	    || ! kpsewhich bbm.sty >/dev/null || ! fc-list | grep -q "DejaVu Sans Mono"; then \
	  if [ "$(IS_ROOT)" = yes ]; then \
	    echo "Instalando TeX Live con apt-get..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TEX_PACKAGES); \
	  else \
	    echo "Falta TeX Live para compilar el PDF. Instálalo con:" >&2; \
	    echo "  sudo apt-get install $(TEX_PACKAGES)" >&2; exit 1; \
	  fi; \
	fi

browser:
	@if ! command -v chromium >/dev/null; then \
	  if [ "$(IS_ROOT)" = yes ]; then \
	    echo "Instalando Chromium con apt-get..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PACKAGES); \
	  else \
	    echo "Falta Chromium para las pruebas en el navegador. Instálalo con:" >&2; \
	    echo "  sudo apt-get install $(BROWSER_PACKAGES)" >&2; exit 1; \
	  fi; \
	fi
