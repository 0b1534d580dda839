"""Especificación de lessons_lib._extras: sin el extra «plot» o «data», el error dice qué ``pip install`` lo arregla.

matplotlib, Pillow y torchvision se importan solo con ``import_extra``, cuando
una función los necesita; aquí se simula que no están instalados.
"""

import ast
import sys
from importlib import metadata

import pytest
import torch
from booktools import ROOT

from lessons_lib import _extras, plotting
from lessons_lib.data import download_fashion_mnist
from lessons_lib.training import History


def test_a_figure_without_matplotlib_says_which_pip_install_fixes_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # como si no estuviera instalado
    history = History()
    with pytest.raises(ImportError, match=r'extra «plot».*\n    pip install "matplotlib>=3\.7"'):
        plotting.plot_history(history)


WITHOUT_MATPLOTLIB = {
    "plot_unit_balls": lambda: plotting.plot_unit_balls(),
    "plot_constraint_path": lambda: plotting.plot_constraint_path(1.0),
    "plot_weight_paths": lambda: plotting.plot_weight_paths([1.0], {"ℓ2": torch.ones(1, 2)}),
    "plot_dropout_network": lambda: plotting.plot_dropout_network(),
    "animate_dropout": lambda: plotting.animate_dropout(torch.ones(2, 3, dtype=torch.bool), 0.5),
    "Animation.strip": lambda: plotting.Animation([PNG, PNG], alt="dos fotogramas").strip(),
}
PNG = b"\x89PNG\r\n\x1a\n"  # la cabecera basta: sin Pillow no se llega a leer


@pytest.mark.parametrize("call", WITHOUT_MATPLOTLIB.values(), ids=WITHOUT_MATPLOTLIB)
def test_every_figure_and_the_player_ask_for_the_plot_extra(monkeypatch, call):
    for module in ("matplotlib", "matplotlib.pyplot", "matplotlib.patches", "PIL", "PIL.Image"):
        monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(_extras.MissingExtraError, match=r"extra «plot»"):
        call()


def test_matplotlib_and_pillow_are_imported_only_through_import_extra():
    """Ningún módulo de lessons_lib los importa directamente: sin el extra «plot», el
    error tiene que ser el de import_extra, que dice cómo instalarlo."""
    direct = []
    for path in sorted((ROOT / "lessons_lib").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            direct += [
                f"{path.name}:{node.lineno} {name}" for name in names if name.split(".")[0] in ("matplotlib", "PIL")
            ]
    assert not direct, direct


def test_the_download_without_torchvision_says_which_pip_install_fixes_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "torchvision", None)
    monkeypatch.setitem(sys.modules, "torchvision.datasets", None)
    with pytest.raises(_extras.MissingExtraError, match=r'extra «data».*\n    pip install "torchvision>=0\.17"'):
        download_fashion_mnist(tmp_path)
    assert not list(tmp_path.iterdir())  # ni un archivo a medias


def test_the_error_names_the_extra_even_without_package_metadata(monkeypatch):
    def not_installed(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(_extras.metadata, "requires", not_installed)
    assert _extras.extra_requirements("data") == ["torchvision>=0.17"]
