"""lessons_lib, la biblioteca de «Técnicas para evitar el sobreajuste».

Normas de vectores y matrices, penalizaciones de los pesos, dropout, datos en
memoria, entrenamiento con historial y las figuras del libro. Importarla es
barato: torchvision y matplotlib se cargan solo cuando una función los usa.

Ejemplo:
    >>> import lessons_lib
    >>> lessons_lib.l2_norm([3.0, 4.0])
    tensor(5.)
"""

__version__ = "0.2.0"

from lessons_lib.calibration import CalibrationMetrics, calibration_metrics, fit_temperature, reliability_bins
from lessons_lib.claims import ClaimError, claim
from lessons_lib.data import (
    CorruptDataError,
    DataNotFoundError,
    FashionMNIST,
    InMemoryData,
    SyntheticRegressionData,
    corrupt_labels,
    locate_fashion_mnist,
)
from lessons_lib.formatting import format_list, format_number
from lessons_lib.least_squares import (
    gradient_descent_filter,
    least_squares,
    polynomial_features,
    ridge_filter,
)
from lessons_lib.models import (
    DropoutMLP,
    DropoutMLPBase,
    DropoutMLPScratch,
    LinearRegressionScratch,
    WeightDecay,
    WeightDecayScratch,
    squared_loss,
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
    Animation,
    animate_dropout,
    animate_regularization_path,
    plot_constraint_geometry,
    plot_constraint_path,
    plot_cross_validation,
    plot_dropout_network,
    plot_dropout_steps,
    plot_gap,
    plot_history,
    plot_history_bands,
    plot_polynomial_fits,
    plot_reliability,
    plot_seed_bands,
    plot_spectral_filters,
    plot_sweep,
    plot_unit_balls,
    plot_weight_paths,
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
from lessons_lib.regularization_paths import l1_zero_crossings, regularization_path
from lessons_lib.seeds import batch_order_generator, book_seed, book_seeds, derive_seed, set_seed
from lessons_lib.selection import kfold_splits, one_standard_error_rule
from lessons_lib.stats import MeanSE, bootstrap_interval, mean_se, seed_band
from lessons_lib.training import (
    EarlyStopping,
    History,
    Metrics,
    evaluate,
    fit,
    get_device,
    train_epoch,
    train_model,
)
from lessons_lib.uncertainty import MCDropoutPrediction, mc_dropout_predict

__all__ = [
    "Animation",
    "CalibrationMetrics",
    "ClaimError",
    "CorruptDataError",
    "DataNotFoundError",
    "DropoutMLP",
    "DropoutMLPBase",
    "DropoutMLPScratch",
    "EarlyStopping",
    "FashionMNIST",
    "History",
    "InMemoryData",
    "LinearRegressionScratch",
    "MCDropoutPrediction",
    "MeanSE",
    "Metrics",
    "SyntheticRegressionData",
    "WeightDecay",
    "WeightDecayScratch",
    "__version__",
    "animate_dropout",
    "animate_regularization_path",
    "batch_order_generator",
    "book_seed",
    "book_seeds",
    "bootstrap_interval",
    "calibration_metrics",
    "claim",
    "corrupt_labels",
    "decay_parameter_groups",
    "derive_seed",
    "dropout_layer",
    "evaluate",
    "fit",
    "fit_temperature",
    "format_list",
    "format_number",
    "frobenius_norm",
    "get_device",
    "gradient_descent_filter",
    "kfold_splits",
    "l1_norm",
    "l1_penalty",
    "l1_zero_crossings",
    "l2_norm",
    "l2_penalty",
    "least_squares",
    "linf_norm",
    "locate_fashion_mnist",
    "lp_norm",
    "mc_dropout_predict",
    "mean_se",
    "num_monomials",
    "one_standard_error_rule",
    "penalized_least_squares",
    "plot_constraint_geometry",
    "plot_constraint_path",
    "plot_cross_validation",
    "plot_dropout_network",
    "plot_dropout_steps",
    "plot_gap",
    "plot_history",
    "plot_history_bands",
    "plot_polynomial_fits",
    "plot_reliability",
    "plot_seed_bands",
    "plot_spectral_filters",
    "plot_sweep",
    "plot_unit_balls",
    "plot_weight_paths",
    "polynomial_features",
    "regularization_path",
    "reliability_bins",
    "ridge_filter",
    "seed_band",
    "set_seed",
    "soft_threshold",
    "spectral_norm",
    "squared_loss",
    "train_epoch",
    "train_model",
]
