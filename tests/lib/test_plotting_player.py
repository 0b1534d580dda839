"""Especificación de lessons_lib.plotting.player: el reproductor de animaciones.

El reproductor se comprueba como texto (autónomo, accesible, un fotograma por
posición del deslizador) y la tira como imagen.
"""

import io
import json
import re

import pytest
from PIL import Image

import lessons_lib as ll
from lessons_lib.plotting.player import Animation, default_key_frames, figure_png

pytestmark = pytest.mark.usefixtures("no_figures_left_open")


def tiny_frames(count=3):
    return [figure_png(ll.plot_dropout_network(dropped=(i % 5,)), dpi=20) for i in range(count)]


def player_parts(html):
    frames = json.loads(re.search(r'class="lessons-animation-frames">(.*?)</script>', html, re.S).group(1))
    labels = json.loads(re.search(r'class="lessons-animation-labels">(.*?)</script>', html, re.S).group(1))
    return frames, labels


def test_player_holds_every_frame_and_label_inline_with_spanish_accessible_controls():
    frames = tiny_frames(4)
    animation = Animation(
        frames, alt="Una unidad anulada distinta en cada paso.", labels=[f"paso {i}" for i in range(1, 5)]
    )
    html = animation._repr_html_()
    sources, labels = player_parts(html)
    assert [s.removeprefix("data:image/png;base64,") for s in sources] == [
        __import__("base64").b64encode(f).decode() for f in frames
    ]
    assert labels == ["paso 1", "paso 2", "paso 3", "paso 4"]
    assert html.count("<img ") == 1
    assert 'alt="Una unidad anulada distinta en cada paso."' in html
    assert re.search(r'<button type="button"[^>]*aria-pressed="false"', html)
    assert ">Reproducir<" in html
    assert re.search(r'<input type="range"[^>]*max="3"[^>]*aria-label="Fotograma de la animación"', html)
    assert 'aria-valuetext="paso 1"' in html
    assert "prefers-reduced-motion: reduce" in html


def test_player_requests_nothing_from_other_servers():
    html = Animation(tiny_frames(), alt="Tres fotogramas.")._repr_html_()
    assert "http://" not in html and "https://" not in html
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"(?!data:)", html)


def test_labels_cannot_close_the_script_that_holds_them():
    html = Animation(tiny_frames(2), alt="Dos fotogramas.", labels=["</script>a", "b"])._repr_html_()
    _, labels = player_parts(html)
    assert labels == ["</script>a", "b"]


def test_default_labels_and_key_frames():
    animation = Animation(tiny_frames(3), alt="Tres fotogramas.")
    assert animation.labels == ["fotograma 1 de 3", "fotograma 2 de 3", "fotograma 3 de 3"]
    assert default_key_frames(20) == [0, 5, 10, 14, 19]
    assert default_key_frames(1) == [0]
    for count in range(5, 60):
        keys = default_key_frames(count)
        assert len(keys) == 5 and keys[0] == 0 and keys[-1] == count - 1 and keys == sorted(set(keys))


def test_strip_places_the_key_frames_side_by_side():
    frames = tiny_frames(5)
    animation = Animation(frames, alt="Cinco fotogramas.", key_frames=[0, 2, 4])
    width, height = Image.open(io.BytesIO(frames[0])).size
    strip = Image.open(io.BytesIO(animation._repr_png_()))
    gap = max(8, width // 40)
    assert strip.size == (3 * width + 2 * gap, height)


def test_a_drawn_strip_is_used_as_is():
    strip = figure_png(ll.plot_unit_balls([2]), dpi=20)
    assert Animation(tiny_frames(2), alt="Dos fotogramas.", strip=strip).strip() == strip


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        (dict(frames=[b"\x89PNG"]), ValueError, "frames"),
        (dict(frames="png"), ValueError, "frames"),
        (dict(frames=[b"GIF89a", b"GIF89a"]), TypeError, "frames"),
        (dict(alt=" "), ValueError, "alt"),
        (dict(labels=["solo uno"]), ValueError, "labels"),
        (dict(key_frames=[0, 7]), ValueError, "key_frames"),
        (dict(key_frames=list(range(7))), ValueError, "key_frames"),
        (dict(strip="tira"), TypeError, "strip"),
        (dict(fps=0), ValueError, "fps"),
        (dict(fps=60), ValueError, "fps"),
    ],
)
def test_animation_rejects_bad_arguments(kwargs, error, pattern):
    arguments = dict(frames=tiny_frames(2), alt="Dos fotogramas.") | kwargs
    frames = arguments.pop("frames")
    with pytest.raises(error, match=pattern):
        Animation(frames, **arguments)
