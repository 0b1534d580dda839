"""Los fixtures de las pruebas de lessons_lib: Fashion-MNIST aislado (y falso) y figuras que no quedan abiertas.

Las funciones que comparten las pruebas viven en ``tests/libtools.py`` y ``tests/checktools.py``.
"""

from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers_idx import write_fake_fashion

import lessons_lib.data as data_module


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """Ningún dato real al alcance: caché, sistema y variable vacíos; sin red.

    ``download_calls`` recoge los directorios que recibe la descarga falsa,
    que siempre falla como si no hubiera conexión.
    """
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("LESSONS_LIB_DATA", raising=False)
    monkeypatch.setattr(data_module, "SYSTEM_DATA_DIR", tmp_path / "system")
    calls = []

    def offline(directory):
        calls.append(Path(directory))
        raise OSError("sin conexión (descarga falsa de las pruebas)")

    monkeypatch.setattr(data_module, "_torchvision_download", offline)
    return SimpleNamespace(
        tmp=tmp_path,
        xdg=tmp_path / "xdg",
        cache=tmp_path / "xdg" / "lessons_lib" / "fashion-mnist",
        system=tmp_path / "system",
        download_calls=calls,
    )


@pytest.fixture
def fake(isolated, monkeypatch):
    """Los cuatro archivos generados en ``fake.dir``, con sus sumas aceptadas.

    ``fake.write(directory)`` escribe otra copia idéntica (válida) en otro sitio.
    """
    directory = isolated.tmp / "fashion"
    arrays, sums = write_fake_fashion(directory)
    # Se modifica el mismo diccionario que consultan data y __main__.
    for name, digest in sums.items():
        monkeypatch.setitem(data_module.FASHION_MNIST_FILES, name, digest)
    isolated.dir = directory
    isolated.arrays = arrays
    isolated.write = lambda target: write_fake_fashion(target)[0]
    return isolated


@pytest.fixture
def no_figures_left_open():
    """Ninguna función deja figuras abiertas en pyplot (ni las muestra)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield
    assert plt.get_fignums() == []
