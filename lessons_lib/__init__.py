"""lessons_lib, la biblioteca de «Técnicas para evitar el sobreajuste».

Normas de vectores y matrices, penalizaciones de los pesos, dropout, datos en
memoria, entrenamiento con historial y las figuras del libro. Importarla es
barato: torchvision y matplotlib se cargan solo cuando una función los usa.

Ejemplo:
    >>> import lessons_lib
    >>> lessons_lib.l2_norm([3.0, 4.0])
    tensor(5.)
"""

__version__ = "0.1.0"

from lessons_lib.claims import ClaimError, claim
from lessons_lib.data import (
    CorruptDataError,
    DataNotFoundError,
    FashionMNIST,
    SyntheticRegressionData,
    locate_fashion_mnist,
)
from lessons_lib.formatting import format_number
from lessons_lib.models import (
    DropoutMLP,
    DropoutMLPScratch,
    LinearRegressionScratch,
    WeightDecay,
    WeightDecayScratch,
)
from lessons_lib.norms import (
    frobenius_norm,
    l1_norm,
    l2_norm,
    linf_norm,
    lp_norm,
    spectral_norm,
)
from lessons_lib.plotting import (
    plot_constraint_geometry,
    plot_dropout_network,
    plot_gap,
    plot_history,
    plot_sweep,
    plot_unit_balls,
)
from lessons_lib.regularization import (
    decay_parameter_groups,
    dropout_layer,
    l1_penalty,
    l2_penalty,
    num_monomials,
    penalized_least_squares,
    soft_threshold,
)
from lessons_lib.seeds import book_seed, derive_seed
from lessons_lib.training import (
    History,
    Metrics,
    evaluate,
    fit,
    get_device,
    set_seed,
)
from lessons_lib.uncertainty import MCDropoutPrediction, mc_dropout_predict
from lessons_lib.paths import l1_zero_crossings, regularization_path
from lessons_lib.plotting import (
    plot_constraint_path,
    plot_dropout_steps,
    plot_weight_paths,
)
from lessons_lib.animation import (
    Animation,
    animate_dropout,
    animate_regularization_path,
)

__all__ = [
    "__version__",
    # norms
    "l1_norm",
    "l2_norm",
    "lp_norm",
    "linf_norm",
    "frobenius_norm",
    "spectral_norm",
    # regularization
    "l2_penalty",
    "l1_penalty",
    "dropout_layer",
    "num_monomials",
    "soft_threshold",
    "penalized_least_squares",
    "decay_parameter_groups",
    # data
    "SyntheticRegressionData",
    "FashionMNIST",
    "locate_fashion_mnist",
    "DataNotFoundError",
    "CorruptDataError",
    # models
    "LinearRegressionScratch",
    "WeightDecayScratch",
    "WeightDecay",
    "DropoutMLPScratch",
    "DropoutMLP",
    # training
    "fit",
    "evaluate",
    "History",
    "Metrics",
    "set_seed",
    "get_device",
    # uncertainty
    "mc_dropout_predict",
    "MCDropoutPrediction",
    # seeds, claims and numbers in the book
    "derive_seed",
    "book_seed",
    "claim",
    "ClaimError",
    "format_number",
    # plotting
    "plot_history",
    "plot_gap",
    "plot_unit_balls",
    "plot_constraint_geometry",
    "plot_dropout_network",
    "plot_sweep",
    # regularization paths and animations
    "regularization_path",
    "l1_zero_crossings",
    "plot_constraint_path",
    "plot_dropout_steps",
    "plot_weight_paths",
    "Animation",
    "animate_regularization_path",
    "animate_dropout",
]
