"""Las curvas del entrenamiento: historiales por época, la brecha y los barridos de un hiperparámetro."""

from lessons_lib._validate import check_bool, check_positive, check_real, describe
from lessons_lib.plotting.style import COLORS, figure_style, new_figure
from lessons_lib.stats import seed_band, seed_matrix

__all__ = ["plot_gap", "plot_history", "plot_history_bands", "plot_sweep"]


def plot_history(history, *, metric="loss", log=False, split=False, title=None):
    """Curvas de entrenamiento (línea continua) y de validación (discontinua) por época.

    Argumentos:
        history: un :class:`~lessons_lib.History`, o un diccionario
            ``{etiqueta: History}`` para comparar varios entrenamientos (un
            color por entrenamiento).
        metric: ``"loss"`` (pérdida) o ``"acc"`` (exactitud, solo clasificadores).
        log: escala logarítmica en el eje vertical.
        split: si es ``True``, entrenamiento y validación van en dos paneles,
            cada uno con su escala; útil cuando sus valores son de órdenes de
            magnitud distintos.
        title: título de la figura.

    Devuelve:
        ``matplotlib.figure.Figure``.

    Ejemplo:
        >>> from lessons_lib import History
        >>> fig = plot_history(History(train_loss=[1.0, 0.5], val_loss=[1.2, 0.8], seconds=[0.1, 0.1]), log=True)
        >>> fig.axes[0].get_yscale(), fig.axes[0].get_ylabel()
        ('log', 'pérdida')
    """
    runs = _runs(history)
    if metric not in ("loss", "acc"):
        raise ValueError(f"metric debe ser 'loss' o 'acc'; se recibió {metric!r}")
    ylabel = "pérdida" if metric == "loss" else "exactitud"
    with figure_style():
        if split:
            fig, axes = new_figure(ncols=2, width=9.6)
            train_ax, val_ax = axes
            train_ax.set_title("entrenamiento")
            val_ax.set_title("validación")
        else:
            fig, axes = new_figure()
            train_ax = val_ax = axes[0]
        for i, (label, run) in enumerate(runs.items()):
            train, val = (run.train_loss, run.val_loss) if metric == "loss" else (run.train_acc, run.val_acc)
            if not val:
                raise ValueError("metric='acc' exige historiales de un clasificador (con exactitud)")
            epochs = range(1, len(val) + 1)
            color = COLORS[i % len(COLORS)]
            if split:  # cada panel dice qué conjunto muestra: la leyenda, qué entrenamiento
                train_label = val_label = label
            else:
                prefix = f"{label}, " if label is not None else ""
                train_label, val_label = f"{prefix}entrenamiento", f"{prefix}validación"
            train_ax.plot(epochs, train, color=color, label=train_label)
            val_ax.plot(epochs, val, color=color, linestyle="--", label=val_label)
        for ax in axes:
            _epoch_axis(ax)
            ax.set_ylabel(ylabel)
            if log:
                ax.set_yscale("log")
            if ax.get_legend_handles_labels()[1]:
                ax.legend()
        if title:
            (fig.suptitle if split else axes[0].set_title)(title)
    return fig


def plot_history_bands(runs, *, metric="acc", log=False):
    """Curvas de entrenamiento y de validación de varias semillas: media y banda de ± un error típico.

    Dos paneles, entrenamiento (medido durante cada época) y validación, con
    un color por grupo de entrenamientos.

    Argumentos:
        runs: ``{etiqueta: [History, ...]}``, dos o más historiales por
            etiqueta (uno por semilla), todos con el mismo número de épocas.
        metric: ``"acc"`` (exactitud) o ``"loss"`` (pérdida).
        log: escala logarítmica (con media geométrica) en el eje vertical.

    Devuelve:
        ``matplotlib.figure.Figure``.

    Ejemplo:
        >>> from lessons_lib import History
        >>> h = [History(train_loss=[1.0, 0.5], val_loss=[1.2, 0.9]), History(train_loss=[0.9, 0.4], val_loss=[1.1, 1.0])]
        >>> [ax.get_title() for ax in plot_history_bands({"a": h}, metric="loss").axes]
        ['entrenamiento', 'validación']
    """
    if metric not in ("loss", "acc"):
        raise ValueError(f"metric debe ser 'loss' o 'acc'; se recibió {metric!r}")
    log = check_bool(log, "log")
    if not isinstance(runs, dict):
        raise TypeError(f"runs debe ser un diccionario {{etiqueta: [History, ...]}}; se recibió {describe(runs)}")
    if not runs:
        raise ValueError("runs no puede ser un diccionario vacío; se recibió {}")
    fields = ("train_loss", "val_loss") if metric == "loss" else ("train_acc", "val_acc")
    bands = {label: [_seed_curve(histories, label, name, log) for name in fields] for label, histories in runs.items()}
    with figure_style():
        fig, axes = new_figure(ncols=2, width=9.6, height=3.4, sharey=True)
        for i, (label, curves) in enumerate(bands.items()):
            color = COLORS[i % len(COLORS)]
            for ax, (center, low, high) in zip(axes, curves, strict=True):
                epochs = range(1, len(center) + 1)
                ax.fill_between(epochs, low, high, color=color, alpha=0.2, linewidth=0)
                ax.plot(epochs, center, color=color, label=label)
        for ax, title in zip(axes, ("entrenamiento", "validación"), strict=True):
            ax.set_title(title)
            _epoch_axis(ax)
            if log:
                ax.set_yscale("log")
        axes[0].set_ylabel("pérdida" if metric == "loss" else "exactitud")
        axes[1].legend()
    return fig


def plot_gap(history, *, title=None):
    """Brecha de generalización por época: pérdida de validación menos la de entrenamiento.

    Usa la pérdida de entrenamiento medida en modo ``eval``
    (``fit(..., eval_train=True)``), comparable con la de validación; si el
    historial no la tiene, usa la medida durante el entrenamiento.

    Argumentos:
        history: un :class:`~lessons_lib.History` o un diccionario
            ``{etiqueta: History}``.
        title: título de la figura.

    Devuelve:
        ``matplotlib.figure.Figure``.

    Ejemplo:
        >>> from lessons_lib import History
        >>> h = History(train_loss=[1.0, 0.5], val_loss=[1.1, 0.9])
        >>> plot_gap({"sin dropout": h}).axes[0].get_ylabel()
        'validación − entrenamiento'
    """
    runs = _runs(history)
    with figure_style():
        fig, (ax,) = new_figure(height=3.2)
        for i, (label, run) in enumerate(runs.items()):
            train = run.train_eval_loss or run.train_loss
            gap = [v - t for v, t in zip(run.val_loss, train, strict=False)]
            ax.plot(range(1, len(gap) + 1), gap, color=COLORS[i % len(COLORS)], label=label)
        ax.axhline(0, color="#888888", linewidth=0.8)
        _epoch_axis(ax)
        ax.set_ylabel("validación − entrenamiento")
        if len(runs) > 1 or None not in runs:
            ax.legend()
        if title:
            ax.set_title(title)
    return fig


def plot_sweep(values, losses, *, best=None, references=None, xlabel=r"$\lambda$", ylabel="pérdida de validación"):
    r"""Una pérdida frente a un hiperparámetro, en escala logarítmica.

    Argumentos:
        values: valores del hiperparámetro, mayores que 0 (por ejemplo,
            los :math:`\lambda` probados).
        losses: la pérdida obtenida con cada valor.
        best: valor que destacar, uno de ``values`` (opcional).
        references: ``{etiqueta: pérdida}`` que dibujar como líneas
            horizontales, como la pérdida sin regularizar (opcional).
        xlabel, ylabel: etiquetas de los ejes.

    Devuelve:
        ``matplotlib.figure.Figure``.

    Ejemplo:
        >>> fig = plot_sweep([0.1, 1, 10], [0.3, 0.2, 0.4], best=1,
        ...                  references={"sin regularizar": 0.5})
        >>> fig.axes[0].get_xscale()
        'log'
    """
    values = [check_positive(v, "values") for v in values]
    losses = [check_real(v, "losses") for v in losses]
    if len(values) != len(losses) or not values:
        raise ValueError(
            f"values y losses deben tener la misma longitud (al menos 1); se recibieron {len(values)} y {len(losses)}"
        )
    with figure_style():
        fig, (ax,) = new_figure(width=6.0, height=3.4)
        ax.plot(values, losses, marker="o", label="validación")
        for i, (label, level) in enumerate((references or {}).items()):
            ax.axhline(check_real(level, "references"), color=COLORS[2 + i], linestyle="--", linewidth=1.2, label=label)
        if best is not None:
            best = check_real(best, "best")
            if best not in values:
                raise ValueError(f"best debe ser uno de values; se recibió {best}")
            best_loss = losses[values.index(best)]
            ax.plot([best], [best_loss], marker="o", markersize=12, markerfacecolor="none", color=COLORS[1])
            ax.annotate(
                f"mejor: {best:g}",
                (best, best_loss),
                xytext=(0, 12),
                textcoords="offset points",
                ha="center",
                color=COLORS[1],
            )
        ax.set_xscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.legend()
    return fig


def _runs(history):
    """``{etiqueta: History}``: un historial suelto es un entrenamiento sin etiqueta."""
    runs = history if isinstance(history, dict) else {None: history}
    if not runs:
        raise ValueError("history no puede ser un diccionario vacío; se recibió {}")
    return runs


def _seed_curve(histories, label, name, log):
    """La banda de ``name`` (``"val_acc"``…) sobre los historiales de un grupo, uno por semilla."""
    where = f"runs[{label!r}]"
    if not isinstance(histories, (list, tuple)):
        raise TypeError(f"{where} debe ser una lista de History, uno por semilla; se recibió {describe(histories)}")
    if len(histories) < 2:
        raise ValueError(f"{where} debe tener dos o más History, uno por semilla; se recibieron {len(histories)}")
    curves = [getattr(history, name, None) for history in histories]
    if any(curve is None for curve in curves):
        raise TypeError(f"{where} debe contener solo History; se recibió {describe(histories)}")
    lengths = sorted({len(curve) for curve in curves})
    if lengths == [0]:
        needs = " (metric='acc' exige historiales de un clasificador)" if name.endswith("acc") else ""
        raise ValueError(f"los History de {where} deben tener {name}{needs}; se recibió {name} vacío")
    if len(lengths) > 1:
        raise ValueError(f"los History de {where} deben tener el mismo número de épocas; se recibieron {lengths}")
    return seed_band(seed_matrix(curves, f"{where}.{name}", log=log), log=log)


def _epoch_axis(ax):
    """El eje horizontal de las épocas, con marcas solo en los enteros."""
    ax.set_xlabel("época")
    ax.xaxis.get_major_locator().set_params(integer=True)
