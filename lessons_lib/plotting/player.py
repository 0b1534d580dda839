r"""El reproductor de animaciones: en la página, con controles; en el PDF, una tira.

Una :class:`Animation` guarda sus fotogramas como imágenes PNG y sabe
mostrarse de dos formas, que el cuaderno elige según dónde se muestre:

- en HTML (``_repr_html_``), un reproductor autónomo: los fotogramas van
  dentro de la página y el botón y el deslizador los maneja un guion de pocas
  líneas, también dentro de la página. Nada se pide a otro servidor, así que
  funciona sin conexión, abierto como ``file://`` o servido por http;
- en PNG (``_repr_png_``), una tira con unos pocos fotogramas clave, que es
  lo que lleva el PDF.

:func:`animate` hace una animación con una función de figura que acepta un
valor (un fotograma) o una lista de valores (la tira): así están hechas las
animaciones de cada tema, junto a la figura que dibuja sus fotogramas.
matplotlib y Pillow se importan solo al dibujar.
"""

import base64
import html
import io
import json

from lessons_lib._extras import import_extra
from lessons_lib._validate import check_int, check_positive, describe
from lessons_lib.plotting.style import pyplot

__all__ = ["FRAME_DPI", "STRIP_DPI", "Animation", "animate", "default_key_frames", "figure_png"]

#: Resolución (puntos por pulgada) de los fotogramas de la página.
FRAME_DPI = 80
#: Resolución de los fotogramas clave de la tira del PDF.
STRIP_DPI = 150


def figure_png(fig, dpi=FRAME_DPI, colors=None, tight=False):
    r"""Dibuja una figura de matplotlib como PNG y la cierra.

    Con ``colors``, la imagen se reduce a una paleta de ese número de colores:
    las figuras de línea apenas cambian y el PNG ocupa mucho menos.

    Argumentos:
        fig: ``matplotlib.figure.Figure``.
        dpi: puntos por pulgada.
        colors: tamaño de la paleta (de 2 a 256) o ``None`` para no reducirla.
        tight: recortar los márgenes blancos. Los fotogramas de una animación
            no se recortan, para que todos midan lo mismo.

    Devuelve:
        Los bytes del PNG.

    Ejemplo:
        >>> from lessons_lib import plot_unit_balls
        >>> figure_png(plot_unit_balls([2]), dpi=20).startswith(b"\x89PNG")
        True
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white", bbox_inches="tight" if tight else None)
    pyplot().close(fig)
    if colors is None:
        return buffer.getvalue()
    colors = check_int(colors, "colors", minimum=2)
    image = _pillow().open(buffer).convert("RGB").quantize(colors=min(colors, 256))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def default_key_frames(count, keys=5):
    """Índices de ``keys`` fotogramas repartidos del primero al último.

    Ejemplo:
        >>> default_key_frames(25)
        [0, 6, 12, 18, 24]
        >>> default_key_frames(3)
        [0, 1, 2]
    """
    count = check_int(count, "count")
    keys = min(check_int(keys, "keys"), count)
    if keys == 1:
        return [0]
    return sorted({round(i * (count - 1) / (keys - 1)) for i in range(keys)})


def animate(draw, values, *, alt, labels, fps):
    """Una :class:`Animation` con un fotograma por valor: ``draw(valor)`` dibuja cada uno.

    ``draw`` es una función de figura que acepta un valor (un fotograma) o
    una lista de valores: con los de los fotogramas clave dibuja la tira del
    PDF, pensada para imprimirse.

    Argumentos:
        draw: función que devuelve una ``matplotlib.figure.Figure``.
        values: un valor por fotograma (al menos 2).
        alt, labels, fps: como en :class:`Animation`.

    Devuelve:
        Una :class:`Animation`.
    """
    frames = [figure_png(draw(value), colors=64) for value in values]
    key_frames = default_key_frames(len(values))
    strip = figure_png(draw([values[k] for k in key_frames]), dpi=STRIP_DPI, tight=True)
    return Animation(frames, alt=alt, labels=labels, key_frames=key_frames, strip=strip, fps=fps)


def _pillow():
    """``PIL.Image`` (Pillow llega con matplotlib, en el extra «plot»)."""
    return import_extra("PIL.Image", "plot")


def _json_in_html(value):
    """JSON que se puede poner dentro de un ``<script>`` sin cerrarlo antes de tiempo."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


class Animation:
    r"""Una secuencia de fotogramas con controles en la página y una tira para imprimir.

    Argumentos:
        frames: fotogramas, cada uno como bytes de un PNG (al menos 2, todos
            del mismo tamaño).
        alt: descripción de la animación para quien no la ve (una frase).
        labels: un texto por fotograma («r = 1.20», «paso 3»), que se
            muestra junto al deslizador y lee el lector de pantalla.
        key_frames: índices de los fotogramas de la tira (de 1 a 6 índices);
            por defecto, 5 repartidos del primero al último.
        strip: la tira ya dibujada (bytes de un PNG), por ejemplo con una
            figura pensada para imprimirse; por defecto, los fotogramas clave
            uno al lado del otro.
        fps: fotogramas por segundo al reproducir, entre 0 y 30.

    En la página, la animación se reproduce una vez, hasta el último
    fotograma, cuando aparece en pantalla, salvo que el lector haya pedido
    menos movimiento (``prefers-reduced-motion``): entonces espera al botón.

    Ejemplo:
        >>> from lessons_lib import plot_dropout_network
        >>> frames = [figure_png(plot_dropout_network(dropped=(i,)), dpi=20) for i in range(3)]
        >>> animation = Animation(frames, alt="Una unidad anulada distinta en cada paso.")
        >>> len(animation), animation.key_frames
        (3, [0, 1, 2])
        >>> "Reproducir" in animation._repr_html_()
        True
    """

    def __init__(self, frames, *, alt, labels=None, key_frames=None, strip=None, fps=4):
        frames = list(frames) if isinstance(frames, (list, tuple)) else frames
        if not isinstance(frames, list) or len(frames) < 2:
            raise ValueError(f"frames debe ser una lista de al menos 2 fotogramas PNG; se recibió {describe(frames)}")
        for frame in frames:
            if not isinstance(frame, bytes) or not frame.startswith(b"\x89PNG"):
                raise TypeError(f"frames debe contener fotogramas PNG (bytes); se recibió {describe(frame)}")
        if not isinstance(alt, str) or not alt.strip():
            raise ValueError(f"alt debe describir la animación (texto no vacío); se recibió {alt!r}")
        if labels is None:
            labels = [f"fotograma {i + 1} de {len(frames)}" for i in range(len(frames))]
        labels = [str(label) for label in labels]
        if len(labels) != len(frames):
            raise ValueError(f"labels debe tener un texto por fotograma ({len(frames)}); se recibieron {len(labels)}")
        if key_frames is None:
            key_frames = default_key_frames(len(frames))
        key_frames = [check_int(k, "key_frames", minimum=0) for k in key_frames]
        if not 1 <= len(key_frames) <= 6 or max(key_frames) >= len(frames):
            raise ValueError(
                f"key_frames debe tener de 1 a 6 índices entre 0 y {len(frames) - 1}; se recibió {key_frames}"
            )
        if strip is not None and not (isinstance(strip, bytes) and strip.startswith(b"\x89PNG")):
            raise TypeError(f"strip debe ser un PNG (bytes); se recibió {describe(strip)}")
        fps = check_positive(fps, "fps")
        if fps > 30:
            raise ValueError(f"fps debe estar entre 0 y 30; se recibió {fps}")
        self.frames = frames
        self.alt = alt.strip()
        self.labels = labels
        self.key_frames = key_frames
        self._strip = strip
        self.fps = fps

    def __len__(self):
        return len(self.frames)

    def __repr__(self):
        return f"Animation({len(self)} fotogramas, {self.fps:g} por segundo)"

    def _repr_html_(self):
        """El reproductor: la imagen, un botón, un deslizador y el texto del fotograma."""
        width, height = _pillow().open(io.BytesIO(self.frames[0])).size
        sources = ["data:image/png;base64," + base64.b64encode(frame).decode("ascii") for frame in self.frames]
        last = len(self.frames) - 1
        return _PLAYER.format(
            interval=round(1000 / self.fps),
            first=sources[0],
            alt=html.escape(self.alt),
            width=width,
            height=height,
            last=last,
            label=html.escape(self.labels[0]),
            frames=_json_in_html(sources),
            labels=_json_in_html(self.labels),
            script=_SCRIPT,
        )

    def strip(self):
        """La tira de fotogramas clave, como bytes de un PNG.

        Si no se dio una tira ya dibujada, pone los fotogramas clave uno al
        lado del otro, separados por un margen blanco.
        """
        if self._strip is not None:
            return self._strip
        Image = _pillow()
        images = [Image.open(io.BytesIO(self.frames[k])).convert("RGB") for k in self.key_frames]
        width = max(image.width for image in images)
        gap = max(8, width // 40)
        strip = Image.new(
            "RGB",
            (len(images) * (width + gap) - gap, max(image.height for image in images)),
            "white",
        )
        for i, image in enumerate(images):
            strip.paste(image, (i * (width + gap), 0))
        out = io.BytesIO()
        strip.save(out, format="PNG", optimize=True)
        return out.getvalue()

    def _repr_png_(self):
        """La tira (para el PDF y para los formatos que no admiten HTML)."""
        return self.strip()


_PLAY_ICON = (
    '<svg aria-hidden="true" focusable="false" width="12" height="12" viewBox="0 0 12 12">'
    '<path class="lessons-animation-play" d="M2 1 L11 6 L2 11 Z" fill="currentColor"/>'
    '<path class="lessons-animation-pause" d="M2 1 H5 V11 H2 Z M7 1 H10 V11 H7 Z" '
    'fill="currentColor" style="display:none"/></svg>'
)

_PLAYER = (
    '<div class="lessons-animation" role="group" aria-label="Animación" '
    'data-interval="{interval}" style="margin:0 auto;max-width:{width}px">'
    '<img src="{first}" alt="{alt}" width="{width}" height="{height}" '
    'style="display:block;width:100%;height:auto">'
    '<div style="display:flex;flex-wrap:wrap;align-items:center;gap:.5em;margin-top:.4em">'
    '<button type="button" class="lessons-animation-button" aria-pressed="false" '
    'style="display:inline-flex;align-items:center;gap:.4em;font:inherit;color:inherit;'
    "background:transparent;border:1px solid currentColor;border-radius:.3em;"
    'padding:.15em .7em;cursor:pointer">'
    + _PLAY_ICON
    + '<span class="lessons-animation-text">Reproducir</span></button>'
    '<input type="range" class="lessons-animation-slider" min="0" max="{last}" value="0" '
    'step="1" aria-label="Fotograma de la animación" aria-valuetext="{label}" '
    'style="flex:1 1 8em;min-width:6em;accent-color:currentColor">'
    '<span class="lessons-animation-label" style="min-width:7em">{label}</span>'
    "</div>"
    '<script type="application/json" class="lessons-animation-frames">{frames}</script>'
    '<script type="application/json" class="lessons-animation-labels">{labels}</script>'
    "<script>{script}</script>"
    "</div>"
)

# El reproductor: sin bibliotecas, para que la página no pida nada fuera.
_SCRIPT = """(function () {
  var root = document.currentScript.parentElement;
  var read = function (name) {
    return JSON.parse(root.querySelector("script." + name).textContent);
  };
  var frames = read("lessons-animation-frames"), labels = read("lessons-animation-labels");
  var image = root.querySelector("img"), slider = root.querySelector("input");
  var button = root.querySelector("button"), label = root.querySelector(".lessons-animation-label");
  var text = root.querySelector(".lessons-animation-text");
  var playIcon = root.querySelector(".lessons-animation-play");
  var pauseIcon = root.querySelector(".lessons-animation-pause");
  var last = frames.length - 1, timer = null;
  function show(i) {
    slider.value = i;
    image.src = frames[i];
    label.textContent = labels[i];
    slider.setAttribute("aria-valuetext", labels[i]);
  }
  function setPlaying(on) {
    if (timer) { clearInterval(timer); timer = null; }
    button.setAttribute("aria-pressed", on ? "true" : "false");
    text.textContent = on ? "Pausa" : "Reproducir";
    playIcon.style.display = on ? "none" : "";
    pauseIcon.style.display = on ? "" : "none";
    if (!on) { return; }
    if (Number(slider.value) >= last) { show(0); }
    timer = setInterval(function () {
      var next = Number(slider.value) + 1;
      show(next);
      if (next >= last) { setPlaying(false); }
    }, Number(root.dataset.interval));
  }
  button.addEventListener("click", function () { setPlaying(!timer); });
  slider.addEventListener("input", function () {
    setPlaying(false);
    show(Number(slider.value));
  });
  var calm = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  if (!calm && "IntersectionObserver" in window) {
    var observer = new IntersectionObserver(function (entries) {
      if (entries[0].isIntersecting) {
        observer.disconnect();
        if (Number(slider.value) === 0) { setPlaying(true); }
      }
    }, {threshold: 0.6});
    observer.observe(image);
  }
})();"""
