"""Dependencias opcionales: las figuras (extra «plot») y la descarga de
Fashion-MNIST (extra «data»).

La instalación mínima, ``pip install lessons_lib``, trae solo lo que necesitan
las normas, las penalizaciones, los modelos, el entrenamiento y los
comprobadores. Una función que necesita un extra lo importa con
:func:`import_extra`, que, si falta, explica en español cómo instalarlo.
"""

import importlib
from importlib import metadata

__all__ = [
    "MissingExtraError",
    "extra_requirements",
    "import_extra",
]

#: Lo que pide cada extra (igual que en pyproject.toml), por si los metadatos
#: del paquete no están disponibles (lessons_lib usada sin instalar).
EXTRAS = {
    "plot": ["matplotlib>=3.7"],
    "data": ["torchvision>=0.17"],
}


class MissingExtraError(ImportError):
    """Falta un paquete de un extra de lessons_lib; el mensaje dice cómo instalarlo."""


def extra_requirements(extra):
    """Los requisitos de un extra, leídos de los metadatos del paquete instalado.

    Ejemplo:
        >>> extra_requirements("plot")
        ['matplotlib>=3.7']
    """
    try:
        declared = metadata.requires("lessons_lib") or []
    except metadata.PackageNotFoundError:
        declared = []
    marker = f'extra == "{extra}"'
    found = [r.split(";")[0].replace(" ", "") for r in declared if marker in r]
    return found or EXTRAS[extra]


def import_extra(module, extra):
    """Importa ``module``, del extra ``extra``; si falta, dice cómo instalarlo.

    Argumentos:
        module: el módulo que se necesita («matplotlib.pyplot»).
        extra: el extra de lessons_lib que lo trae («plot» o «data»).

    Devuelve:
        El módulo importado.

    Lanza:
        MissingExtraError: si el módulo no está instalado; el mensaje lleva
            la orden ``pip install`` que lo resuelve.

    Ejemplo:
        >>> import_extra("math", "plot").sqrt(4.0)
        2.0
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        package = module.split(".")[0]
        requirements = " ".join(f'"{r}"' for r in extra_requirements(extra))
        raise MissingExtraError(
            f"Esta función necesita {package}, que no está instalado: es parte "
            f"del extra «{extra}» de lessons_lib, que la instalación mínima no "
            f"trae. Instálalo con:\n    pip install {requirements}"
        ) from error
