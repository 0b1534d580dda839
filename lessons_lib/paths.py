"""Obsoleto: los caminos de regularización están en :mod:`lessons_lib.regularization_paths`.

``from lessons_lib.paths import constraint_path`` sigue funcionando, con un
``DeprecationWarning``; este módulo desaparecerá en una versión futura.
"""

from lessons_lib._moved import moved_module

_NAMES = ("constrained_minimum", "constraint_path", "l1_zero_crossings", "quadratic_loss", "regularization_path")

__getattr__ = moved_module("lessons_lib.paths", dict.fromkeys(_NAMES, "lessons_lib.regularization_paths"))
