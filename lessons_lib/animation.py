"""Obsoleto: las animaciones están en el paquete :mod:`lessons_lib.plotting`.

El reproductor está en :mod:`lessons_lib.plotting.player` y cada animación,
junto a la figura que dibuja sus fotogramas. ``from lessons_lib.animation
import Animation`` sigue funcionando, con un ``DeprecationWarning``; este
módulo desaparecerá en una versión futura.
"""

from lessons_lib._moved import moved_module

__getattr__ = moved_module(
    "lessons_lib.animation",
    {
        "Animation": "lessons_lib.plotting.player",
        "FRAME_DPI": "lessons_lib.plotting.player",
        "STRIP_DPI": "lessons_lib.plotting.player",
        "default_key_frames": "lessons_lib.plotting.player",
        "figure_png": "lessons_lib.plotting.player",
        "animate_dropout": "lessons_lib.plotting.dropout",
        "animate_regularization_path": "lessons_lib.plotting.regularization",
    },
)
