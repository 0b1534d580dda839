"""Animaciones, caminos de regularización y sus figuras.

El reproductor se comprueba como texto (autónomo, accesible, un fotograma por
posición del deslizador) y la tira como imagen. Los caminos se comparan con
las soluciones cerradas: la de ℓ2 y, con un diseño ortogonal, el umbral suave.
"""

import io
import json
import re

import pytest
import torch
from PIL import Image

import lessons_lib as ll
from lessons_lib.plotting.player import Animation, default_key_frames, figure_png
from lessons_lib.regularization_paths import constrained_minimum, constraint_path


def tiny_frames(count=3):
    return [figure_png(ll.plot_dropout_network(dropped=(i % 5,)), dpi=20) for i in range(count)]


def player_parts(html):
    frames = json.loads(re.search(r'class="lessons-animation-frames">(.*?)</script>', html, re.S).group(1))
    labels = json.loads(re.search(r'class="lessons-animation-labels">(.*?)</script>', html, re.S).group(1))
    return frames, labels


# --- El reproductor ---------------------------------------------------------------------


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


# --- El camino del mínimo restringido ---------------------------------------------------

CENTER = torch.tensor([1.7, 0.9], dtype=torch.float64)
CURVATURE = torch.tensor([[1.0, 0.35], [0.35, 0.6]], dtype=torch.float64)


@pytest.mark.parametrize("p", [1, 2])
@pytest.mark.parametrize("radius", [0.1, 0.5, 1.3, 3.0])
def test_vectorized_path_ends_at_the_constrained_minimum(p, radius):
    path = constraint_path(p, radius, CENTER, CURVATURE)
    expected = constrained_minimum(p, radius, CENTER, CURVATURE, num=8000)
    assert torch.allclose(path[-1], expected)
    assert torch.allclose(path[0], CENTER) or ll.lp_norm(CENTER, p) > radius


def test_l1_path_reaches_the_axis_and_stays_there_while_l2_never_does():
    radii = torch.linspace(2.6, 0.05, 50).tolist()
    l1 = torch.stack([constrained_minimum(1, r, CENTER, CURVATURE) for r in radii])
    l2 = torch.stack([constrained_minimum(2, r, CENTER, CURVATURE) for r in radii])
    on_axis = (l1[:, 1] == 0).tolist()
    first = on_axis.index(True)
    assert all(on_axis[first:]) and not any(on_axis[:first])
    assert bool((l2 != 0).all())


def test_plot_constraint_path_frame_and_strip_layouts():
    frame = ll.plot_constraint_path(0.8)
    assert [ax.get_title() for ax in frame.axes] == [r"$\ell_2$, $r = 0.80$", r"$\ell_1$, $r = 0.80$"]
    strip = ll.plot_constraint_path([2.0, 1.0, 0.5])
    titles = [ax.get_title() for ax in strip.axes]
    assert len(titles) == 6 and titles[:3] == [rf"$\ell_2$, $r = {r:.2f}$" for r in (2.0, 1.0, 0.5)]


def test_regularization_animation_has_one_frame_per_radius_and_a_printable_strip():
    animation = ll.animate_regularization_path([2.0, 1.0, 0.5], fps=2)
    assert len(animation) == 3 and animation.labels == ["r = 2.00", "r = 1.00", "r = 0.50"]
    assert animation.fps == 2
    assert Image.open(io.BytesIO(animation.strip())).size[0] > 600
    with pytest.raises(ValueError, match="radii"):
        ll.animate_regularization_path([0.5, 1.0])
    with pytest.raises(ValueError, match="radii"):
        ll.animate_regularization_path([1.0])


# --- Dropout -------------------------------------------------------------------------------


def test_plot_dropout_steps_draws_the_running_fraction_of_kept_units():
    masks = torch.tensor([[True, False, True, True], [False, False, True, True], [True, True, True, False]])
    fig = ll.plot_dropout_steps(masks, 2, 0.25)
    curve = fig.axes[-1].lines[-1]
    expected = [3 / 4, 5 / 8, 8 / 12]
    assert curve.get_ydata().tolist() == pytest.approx(expected)
    crossed = [t for t in fig.axes[0].texts if t.get_color() == "#aaaaaa"]
    assert len(crossed) == 1  # la unidad anulada en el paso 3
    strip = ll.plot_dropout_steps(masks, [0, 1, 2], 0.25)
    titles = [ax.get_title() for ax in strip.axes if ax.get_title()]
    assert titles == ["paso 1 de 3", "paso 2 de 3", "paso 3 de 3", "fracción de unidades conservadas"]


@pytest.mark.parametrize(
    "masks, steps, p, error, pattern",
    [
        (torch.ones(2, 3), 0, 0.5, TypeError, "masks"),
        (torch.ones(2, 3, dtype=torch.bool), 2, 0.5, ValueError, "steps"),
        (torch.ones(2, 3, dtype=torch.bool), [], 0.5, ValueError, "steps"),
        (torch.ones(2, 3, dtype=torch.bool), 0, 1.0, ValueError, "p"),
    ],
)
def test_plot_dropout_steps_rejects_bad_arguments(masks, steps, p, error, pattern):
    with pytest.raises(error, match=pattern):
        ll.plot_dropout_steps(masks, steps, p)


def test_dropout_animation_has_one_frame_per_step():
    masks = torch.tensor([[True, False, True], [False, True, True], [True, True, False]])
    animation = ll.animate_dropout(masks, 0.5)
    assert animation.labels == ["paso 1 de 3", "paso 2 de 3", "paso 3 de 3"]
    assert animation.key_frames == [0, 1, 2]
    with pytest.raises(ValueError, match="masks"):
        ll.animate_dropout(masks[:1], 0.5)


def test_the_chapter_claim_on_the_kept_fraction_holds_for_many_book_seeds():
    """La frase del capítulo «Dropout», con el mismo código, para las semillas 0 a 499."""
    p, steps = 0.5, 24
    for seed in range(500):
        ll.set_seed(seed + 2)
        masks = torch.stack([ll.dropout_layer(torch.ones(5), p) != 0 for _ in range(steps)])
        spread = (p * (1 - p) / masks.numel()) ** 0.5
        assert abs(masks.float().mean().item() - (1 - p)) < 4 * spread, seed


# --- Caminos de los pesos ------------------------------------------------------------------


def sparse_problem(seed=0, n=50, d=10):
    generator = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=generator, dtype=torch.float64)
    w = torch.zeros(d, dtype=torch.float64)
    w[:3] = torch.tensor([2.0, -1.5, 1.0])
    return X, X @ w + 0.5 * torch.randn(n, generator=generator, dtype=torch.float64)


def orthogonal_problem(seed=0):
    X, _ = sparse_problem(seed)
    Q, _ = torch.linalg.qr(X)
    X = Q * len(Q) ** 0.5
    y = (
        X[:, 0] * 2
        - X[:, 1]
        + 0.3 * torch.randn(len(X), generator=torch.Generator().manual_seed(seed + 1), dtype=torch.float64)
    )
    return X, y


def test_l2_path_matches_the_closed_form():
    X, y = sparse_problem()
    lambdas = [0.0, 0.1, 1.0, 10.0]
    path = ll.regularization_path(X, y, "l2", lambdas, steps=2000)
    n, d = X.shape
    for lambd, w in zip(lambdas, path, strict=False):
        closed = torch.linalg.solve(X.T @ X / n + lambd * torch.eye(d, dtype=X.dtype), X.T @ y / n)
        assert torch.allclose(w, closed, atol=1e-8)


def test_l1_path_with_an_orthogonal_design_is_the_soft_threshold_of_least_squares():
    X, y = orthogonal_problem()
    w_ls = X.T @ y / len(y)
    lambdas = [0.01, 0.3, 1.0, 1.5]
    path = ll.regularization_path(X, y, "l1", lambdas)
    for lambd, w in zip(lambdas, path, strict=False):
        assert torch.allclose(w, ll.soft_threshold(w_ls, lambd), atol=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_zero_crossings_of_an_orthogonal_design_are_the_least_squares_magnitudes(seed):
    X, y = orthogonal_problem(seed)
    w_ls = X.T @ y / len(y)
    crossings = ll.l1_zero_crossings(X, y, tol=1e-7)
    assert torch.allclose(crossings, w_ls.abs(), atol=1e-6 * w_ls.abs().max())


def test_zero_crossings_of_a_correlated_design_are_where_each_weight_vanishes():
    X, y = sparse_problem(3)
    crossings = ll.l1_zero_crossings(X, y, tol=1e-7)
    lambda_max = ((X.T @ y).abs().max() / len(y)).item()
    assert crossings.max().item() == pytest.approx(lambda_max, rel=1e-5)
    lr = 1 / torch.linalg.eigvalsh(X.T @ X / len(y))[-1].item()
    for i, value in enumerate(crossings.tolist()):
        below = ll.penalized_least_squares(X, y, "l1", value * (1 - 1e-3), lr=lr, steps=2000)
        above = ll.penalized_least_squares(X, y, "l1", value * (1 + 1e-3), lr=lr, steps=2000)
        assert below[i] != 0 and above[i] == 0, i


@pytest.mark.parametrize(
    "call, error, pattern",
    [
        (lambda: ll.regularization_path(torch.ones(3, 2), torch.ones(3), "l1", []), TypeError, "lambdas"),
        (lambda: ll.regularization_path(torch.ones(3, 2), torch.ones(3), "l1", [1.0, 0.5]), ValueError, "lambdas"),
        (lambda: ll.regularization_path(torch.ones(3, 2), torch.ones(4), "l1", [1.0]), ValueError, "X"),
        (lambda: ll.regularization_path(torch.zeros(3, 2), torch.ones(3), "l1", [1.0]), ValueError, "X"),
        (lambda: ll.regularization_path(torch.ones(3, 2), torch.ones(3), "l3", [1.0]), ValueError, "penalty"),
        (lambda: ll.l1_zero_crossings(torch.eye(2), torch.ones(2), tol=0), ValueError, "tol"),
        (lambda: ll.l1_zero_crossings(torch.eye(2), torch.ones(2), lambdas=[0.1, 0.2]), ValueError, "lambdas"),
    ],
)
def test_paths_reject_bad_arguments(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_plot_weight_paths_draws_every_weight_and_marks_the_zero_crossings():
    X, y = sparse_problem()
    lambdas = [0.01, 0.1, 1.0, 3.0]
    paths = {label: ll.regularization_path(X, y, label, lambdas) for label in ("l2", "l1")}
    crossings = ll.l1_zero_crossings(X, y)
    fig = ll.plot_weight_paths(lambdas, paths, zero_crossings={"l1": crossings})
    l2_axes, l1_axes = fig.axes
    assert l2_axes.get_title() == "l2" and l1_axes.get_xscale() == "log"
    assert len(l2_axes.lines) == 10 + 1  # diez pesos y el eje
    markers = [line for line in l1_axes.lines if line.get_marker() == "o"]
    assert sorted(m.get_xdata()[0] for m in markers) == pytest.approx(sorted(crossings.tolist()))
    with pytest.raises(TypeError, match="paths"):
        ll.plot_weight_paths(lambdas, {})
    with pytest.raises(ValueError, match="paths"):
        ll.plot_weight_paths(lambdas, {"l1": paths["l1"][:2]})
