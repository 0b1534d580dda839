"""Los módulos que cambiaron de sitio: los nombres antiguos funcionan y avisan.

``lessons_lib.paths`` es ahora ``lessons_lib.regularization_paths`` y
``lessons_lib.animation`` se repartió en el paquete ``lessons_lib.plotting``.
Importar de los módulos antiguos devuelve el mismo objeto que el nuevo, con un
``DeprecationWarning`` en español que dice de dónde importarlo.
"""

import importlib
import subprocess
import sys

import pytest

from lessons_lib import regularization_paths
from lessons_lib.plotting import dropout, player, regularization

MOVED = [
    *[("lessons_lib.paths", name, regularization_paths) for name in regularization_paths.__all__],
    *[("lessons_lib.animation", name, player) for name in player.__all__ if name != "animate"],
    ("lessons_lib.animation", "animate_dropout", dropout),
    ("lessons_lib.animation", "animate_regularization_path", regularization),
]


@pytest.mark.parametrize("old, name, new", MOVED, ids=[f"{old}.{name}" for old, name, _ in MOVED])
def test_an_old_import_returns_the_new_object_with_a_spanish_deprecation_warning(old, name, new):
    module = importlib.import_module(old)
    with pytest.warns(DeprecationWarning, match=rf"{old} está obsoleto.*importa {name} de {new.__name__}\.") as caught:
        found = getattr(module, name)
    assert found is getattr(new, name)
    assert caught[0].filename == __file__  # el aviso señala la línea que importó, no la biblioteca


def test_from_import_of_an_old_module_still_works():
    with pytest.warns(DeprecationWarning, match="lessons_lib.paths está obsoleto"):
        from lessons_lib.paths import constrained_minimum
    assert constrained_minimum is regularization_paths.constrained_minimum


@pytest.mark.parametrize("old", ["lessons_lib.paths", "lessons_lib.animation"])
def test_a_name_that_never_existed_is_an_attribute_error_without_warning(old, recwarn):
    module = importlib.import_module(old)
    with pytest.raises(AttributeError, match=rf"{old} no tiene el atributo 'plot_everything'"):
        module.plot_everything  # noqa: B018
    assert not [w for w in recwarn if issubclass(w.category, DeprecationWarning)]


def test_the_package_itself_uses_no_deprecated_module():
    """``import lessons_lib`` y sus nombres públicos no pasan por los módulos antiguos."""
    code = "import lessons_lib as ll; [getattr(ll, name) for name in ll.__all__]; import lessons_lib.checks"
    subprocess.run([sys.executable, "-W", "error::DeprecationWarning", "-c", code], check=True)
