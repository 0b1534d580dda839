"""Comprobadores para calificar las funciones que escriben los estudiantes.

Cada ``check_*`` recibe la función de un estudiante, la prueba con una
batería de casos y devuelve un :class:`CheckResult`: los casos superados y
los fallidos, y para cada fallo la entrada, lo esperado, lo obtenido y una
pista. Los casos son de cuatro tipos: normales, límite (ceros, valores
negativos, ``float64``, matrices, valores grandes, tensores vacíos donde
tienen sentido), estadísticos (con semilla fija y tolerancias declaradas) y
comparaciones con la implementación de referencia de ``lessons_lib``.

Las pistas salen, cuando es posible, del propio valor devuelto: si coincide
con lo que daría un error típico (el doble de lo esperado cuando se olvida
el ½, la suma dividida por ``n`` cuando se usa la media...), la pista nombra
ese error; si no coincide con ninguno, la pista es general.

Una función rota nunca rompe el comprobador: una excepción, un resultado
que no es un tensor (o un número, donde se espera un número), una forma,
un tipo o un dispositivo equivocados, un NaN o un caso que tarda más de
``timeout`` segundos cuentan como casos fallidos.

Límite de tiempo. Cada caso se ejecuta en un hilo aparte y se le espera
como mucho ``timeout`` segundos (2 por defecto). Python no permite matar un
hilo: si la función no termina, su hilo sigue en segundo plano (es un hilo
*daemon*, que no impide cerrar Python), pero el comprobador da el caso por
fallido y marca los siguientes como no ejecutados, para no lanzar más hilos
que no terminan.

Aleatoriedad. Antes de cada caso se fija la semilla del generador de la
CPU (los casos no usan la GPU); al terminar se restaura su estado, así que
comprobar una función no cambia los números aleatorios del resto del
cuaderno.

Argumentos, resultado y errores de todos los comprobadores. Cada
``check_*`` se llama ``check_*(fn, *, timeout=2.0)`` (``check_norm``
recibe además ``p``), devuelve un :class:`CheckResult` y su documentación
dice qué firma debe tener ``fn``.

Argumentos:
    fn: la función del estudiante.
    timeout: segundos que puede durar cada caso (2 por defecto).

Lanza:
    TypeError: si ``fn`` no se puede llamar o ``timeout`` no es un
        número.
    ValueError: si ``timeout`` no es un número positivo finito.

El paquete. ``_engine`` es el motor: los resultados (:class:`CheckResult`,
:class:`CaseResult`), la ejecución de cada caso con su límite de tiempo, el
veredicto con las pistas de errores típicos y el informe. Cada tema tiene su
módulo: ``penalties`` (penalizaciones ℓ2 y ℓ1 y el paso de decaimiento de
pesos), ``norms`` (normas ℓp, de Frobenius y espectral), ``dropout``,
``mc_dropout`` (dropout de Monte Carlo), ``selection`` (pliegues de la
validación cruzada) y ``early_stopping`` (parada temprana).

Añadir un comprobador es crear un archivo y añadir aquí una línea:

1. ``checks/tema.py``, con ``__all__ = ["check_tema"]``. Una función
   ``_tema_cases()`` devuelve la lista de casos, hechos con las piezas del
   motor (``Case``, ``number_case``, ``tensor_case``, ``unchanged_case``,
   ``Mistake`` y ``diagnose`` para las pistas), y el comprobador solo
   valida y ejecuta::

       def check_tema(fn, *, timeout=DEFAULT_TIMEOUT):
           timeout = check_arguments(fn, timeout)
           return run_check("check_tema", fn, _tema_cases, timeout)

   Su docstring dice qué debe hacer ``fn`` y qué casos se prueban, y
   remite aquí para los argumentos, el resultado y los errores comunes.

2. ``from lessons_lib.checks.tema import check_tema`` en este archivo:
   ``__all__`` reúne solo los ``check_*`` importados.

Sus pruebas van en ``tests/lib/test_checks_tema.py`` y su entrada en la
referencia de la API, ``book/api.md``.

Ejemplo:
    >>> import torch
    >>> from lessons_lib.regularization import l2_penalty
    >>> check_l2_penalty(l2_penalty).passed
    True
    >>> def forgot_half(w):
    ...     return torch.sum(w**2)
    >>> result = check_l2_penalty(forgot_half)
    >>> result.passed
    False
    >>> print(result.cases[0].hint)
    ¿Olvidaste el factor ½? La penalización es ½‖w‖², no ‖w‖².
"""

from lessons_lib.checks._engine import DEFAULT_TIMEOUT, SEED, CaseResult, CheckResult
from lessons_lib.checks.dropout import check_dropout_layer
from lessons_lib.checks.early_stopping import check_early_stopping
from lessons_lib.checks.mc_dropout import check_mc_dropout_predict
from lessons_lib.checks.norms import check_frobenius_norm, check_norm, check_spectral_norm
from lessons_lib.checks.penalties import check_l1_penalty, check_l2_penalty, check_weight_decay_step
from lessons_lib.checks.selection import check_kfold_splits

# Lo público: los resultados y los comprobadores importados arriba.
__all__ = ["CaseResult", "CheckResult", *sorted(name for name in globals() if name.startswith("check_"))]
