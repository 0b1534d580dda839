# «Técnicas para evitar el sobreajuste»: make book | pdf | test | screenshots | bench | gpu-check | serve | clean
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
HOST ?= 127.0.0.1
# Las pruebas que no compilan el libro ni abren el navegador (test-fast, test-oldest,
# test-newest), en dos procesos (pytest-xdist), cada uno con un hilo de PyTorch: sin
# hilos que se disputen los núcleos.
FAST_TESTS := -m "not book and not slow" -n 2

# Los paquetes de Debian: TEX_PACKAGES, BROWSER_PACKAGES y DATA_PACKAGES.
include debian-packages.mk
IS_ROOT := $(shell [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && echo yes)

.PHONY: book pdf test test-fast screenshots lint bench gpu-check serve clean data tex browser

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

# Lo que ve el lector: las pruebas en Chromium guardan capturas en _build/screenshots
# (cada página, clara y oscura, de portátil y de teléfono; el explorador y las animaciones).
screenshots: $(VENV)/.test-installed data browser
	LESSONS_SCREENSHOTS=1 $(PY) -m pytest -k "renders or phone or explorer or animation or tiny_pages" tests/book tests/test_learning.py
	@echo "Capturas: _build/screenshots"

# Lo que no compila el libro ni abre el navegador: el bucle rápido al programar.
test-fast: $(VENV)/.test-installed
	OMP_NUM_THREADS=1 $(PY) -m pytest $(FAST_TESTS)

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

# Solo para esta máquina (127.0.0.1); HOST=0.0.0.0 lo abre a la red local.
serve: book
	@echo "Sirviendo el libro en http://$(HOST):$(PORT)/ (Ctrl+C para parar)"
	$(PY) -m http.server $(PORT) --bind $(HOST) --directory _build/html

clean:
	rm -rf _build

# Los extremos de los rangos de versiones de pyproject.toml, cada uno en su
# propio entorno: el Python más antiguo que admite requires-python con la
# versión mínima de cada dependencia directa, y el más reciente con las últimas.
# Los extras son los que importan las pruebas rápidas (el del libro trae los de
# las figuras y los datos). Con pyenv, los intérpretes se encuentran solos.
.PHONY: test-oldest test-newest

test-oldest: .venv-oldest/.installed
	OMP_NUM_THREADS=1 .venv-oldest/bin/python -m pytest $(FAST_TESTS)

test-newest: .venv-newest/.installed
	OMP_NUM_THREADS=1 .venv-newest/bin/python -m pytest $(FAST_TESTS)

PYTHON_OLDEST ?= $(call python_for,3.10)
PYTHON_NEWEST ?= $(call python_for,3.13)
python_for = $(shell pyenv prefix $(1) >/dev/null 2>&1 && echo "$$(pyenv prefix $(1))/bin/python" || echo python$(1))

.venv-oldest/.installed: pyproject.toml
	$(call range_venv,.venv-oldest,$(PYTHON_OLDEST),--resolution lowest-direct)

.venv-newest/.installed: pyproject.toml
	$(call range_venv,.venv-newest,$(PYTHON_NEWEST),--resolution highest)

# uv (y no pip) porque sabe resolver con las versiones mínimas; cada vez desde
# cero, para que no quede nada de una resolución anterior.
define range_venv
	rm -rf $(1)
	$(2) -m venv $(1)
	$(1)/bin/pip install --quiet uv
	$(1)/bin/uv pip install --python $(1)/bin/python $(3) -e ".[book,test]"
	$(1)/bin/uv pip list --python $(1)/bin/python > $(1)/versions.txt
	touch $@
endef

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "El libro necesita Python 3.11 o posterior (sphinx-book-theme 1.3); $(PYTHON) es $$($(PYTHON) -V 2>&1)." >&2; \
	  echo "Indica otro con: make PYTHON=python3.11" >&2; exit 1; }
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
	    echo "Instalando $(DATA_PACKAGES) con apt-get..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DATA_PACKAGES) \
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
