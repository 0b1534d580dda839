"""Módulos antiguos que siguen funcionando: avisan y devuelven el objeto nuevo.

Cuando un módulo cambia de sitio, el antiguo queda como un archivo de pocas
líneas cuyo ``__getattr__`` de módulo (PEP 562) sale de :func:`moved_module`:
``from lessons_lib.paths import constraint_path`` sigue funcionando, pero
avisa con un ``DeprecationWarning`` que dice de dónde importarlo ahora.
"""

import importlib
import warnings

__all__ = ["moved_module"]


def moved_module(old, new_homes):
    """El ``__getattr__`` de un módulo antiguo cuyos nombres viven ahora en otros módulos.

    Argumentos:
        old: el nombre del módulo antiguo («lessons_lib.paths»).
        new_homes: ``{nombre: módulo nuevo}`` para cada nombre que se podía
            importar del módulo antiguo.

    Devuelve:
        Una función ``__getattr__(name)`` para el módulo antiguo.

    Ejemplo:
        >>> import warnings
        >>> getattr_ = moved_module("viejo", {"sqrt": "math"})
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     root = getattr_("sqrt")(4.0)
        >>> root, str(caught[0].message)
        (2.0, 'viejo está obsoleto y desaparecerá en una versión futura: importa sqrt de math.')
    """

    def __getattr__(name):
        if name not in new_homes:
            raise AttributeError(f"el módulo {old} no tiene el atributo {name!r}")
        new = new_homes[name]
        # stacklevel=2: el aviso señala la línea que importó el nombre, no esta.
        warnings.warn(
            f"{old} está obsoleto y desaparecerá en una versión futura: importa {name} de {new}.",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(new), name)

    return __getattr__
