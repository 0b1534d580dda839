"""Cómo se instala, se prueba y se publica el proyecto: una sola lista de paquetes
de Debian, workflows que son YAML válido y publican solo lo que pasó las pruebas,
y una vista previa que no se abre a la red local."""

import subprocess

import yaml
from booktools import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
OWN = {"debian-packages.mk", "tests/release/test_repository.py"}  # la lista, y esta prueba que la nombra


def debian_groups():
    """{variable: [paquetes]} de debian-packages.mk."""
    groups = {}
    for line in (ROOT / "debian-packages.mk").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            variable, packages = line.split(" = ", 1)
            groups[variable] = packages.split()
    return groups


def tracked_text_files():
    names = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in names.split():
        path = ROOT / name
        if path.suffix in {".ipynb", ".png", ".gz", ".svg"} or not path.is_file():
            continue
        yield name, path.read_text(encoding="utf-8", errors="replace")


def test_debian_packages_are_listed_in_one_place_only():
    groups = debian_groups()
    assert set(groups) == {"TEX_PACKAGES", "BROWSER_PACKAGES", "DATA_PACKAGES"}
    # Ninguna otra lista: los paquetes de TeX y el controlador de Chromium no aparecen
    # escritos en ningún otro archivo (las pruebas los leen de la lista).
    for package in ("texlive-lang-spanish", "fonts-freefont-otf", "poppler-utils", "chromium-driver"):
        assert any(package in packages for packages in groups.values())
        copies = [name for name, text in tracked_text_files() if package in text and name not in OWN]
        assert copies == [], f"{package} escrito también en {copies}"


def test_make_reads_each_group_from_the_list():
    for variable in debian_groups():
        shown = subprocess.run(
            ["make", "-s", "--no-print-directory", "-f", "Makefile", "-f", "-", "show"],
            cwd=ROOT,
            input=f"show:\n\t@echo $({variable})\n",
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert shown == debian_groups()[variable]


def test_ci_installs_every_group_and_runs_make_test():
    script = (ROOT / ".ci" / "run").read_text()
    assert "debian-packages.mk" in script and script.rstrip().endswith("make test")


def test_workflows_are_valid_yaml_and_pull_requests_run_ci():
    tests = yaml.safe_load((WORKFLOWS / "pruebas.yml").read_text())
    # PyYAML lee la clave «on» como True.
    assert "pull_request" in tests[True]
    steps = tests["jobs"]["pruebas"]["steps"]
    assert any(step.get("run") == ".ci/run" for step in steps)


def test_pages_publish_only_what_passed_the_tests():
    pages = yaml.safe_load((WORKFLOWS / "pages.yml").read_text())
    assert pages[True]["workflow_run"] == {"workflows": ["Pruebas"], "types": ["completed"], "branches": ["main"]}
    job = pages["jobs"]["publicar"]
    assert "conclusion == 'success'" in job["if"]
    commands = "\n".join(step.get("run", "") for step in job["steps"])
    assert "|| true" not in commands and "debian-packages.mk" in commands


def test_make_serve_listens_on_this_machine_only():
    command = subprocess.run(["make", "-n", "serve"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "--bind 127.0.0.1" in command
    opened = subprocess.run(["make", "-n", "serve", "HOST=0.0.0.0"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "--bind 0.0.0.0" in opened


def test_make_asks_for_python_3_11_to_build_the_book(tmp_path):
    # Un «python» que dice ser 3.10: make se detiene antes de crear el entorno.
    fake = tmp_path / "python3.10"
    fake.write_text('#!/bin/sh\nif [ "$1" = -V ]; then echo "Python 3.10.13"; exit 0; fi\nexit 1\n')
    fake.chmod(0o755)
    venv = tmp_path / "venv"
    result = subprocess.run(
        ["make", "-s", f"{venv}/bin/python", f"PYTHON={fake}", f"VENV={venv}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and not venv.exists()
    assert "El libro necesita Python 3.11 o posterior" in result.stderr
    assert "Python 3.10.13" in result.stderr and "make PYTHON=python3.11" in result.stderr
