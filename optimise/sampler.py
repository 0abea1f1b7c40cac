"""Samplers whose random draws are keyed by (sampler seed, trial number), so a resumed study draws the same mixes.

Optuna's samplers (:class:`~optuna.samplers.NSGAIISampler`, :class:`~optuna.samplers.TPESampler`)
take their randomness from generators that advance with every draw and live only in memory:
after an interruption a new process starts them afresh and draws other mixes than the run that
was not interrupted would have. Here every draw is made from a generator seeded by a stable hash
of (sampler seed, trial number[, lever]):

* NSGA-II's children of a generation (crossover, which levers mutate) and TPE's joint draw of
  the levers: seeded per trial;
* independent draws (the random first generation or start, mutated levers): per trial and lever.

Everything else NSGA-II uses (the generation of a trial, its parents) and everything TPE uses
(the trials told so far, and those asked but not told: its "constant liar") Optuna derives from
the trials in storage. So the mix of trial ``n`` depends only on the sampler seed, ``n`` and the
trials in storage when it was drawn: the same whether the study ran in one go or was
interrupted and resumed, and whatever the number of workers that evaluated the mixes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from optuna.distributions import BaseDistribution
from optuna.samplers import BaseSampler, NSGAIISampler, RandomSampler, TPESampler
from optuna.study import Study
from optuna.trial import FrozenTrial


def keyed_seed(seed: int, trial: int, what: str = "") -> int:
    """A 32-bit seed from (sampler seed, trial number, name): stable across processes and runs."""
    words = [int(seed), int(trial), *what.encode()]
    return int(np.random.SeedSequence(words).generate_state(1, dtype=np.uint32)[0])


class KeyedNSGAIISampler(NSGAIISampler):
    """:class:`~optuna.samplers.NSGAIISampler` with draws keyed by trial (see the module docstring).

    Args:
        seed: The sampler seed.
        population_size: Mixes per generation.
    """

    def __init__(self, seed: int, population_size: int) -> None:
        super().__init__(population_size=population_size, seed=seed)
        self._key_seed = int(seed)

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        """NSGA-II's children, drawn from a generator seeded for this trial."""
        self._rng.rng.seed(keyed_seed(self._key_seed, trial.number, "children"))
        return super().sample_relative(study, trial, search_space)

    def sample_independent(
        self, study: Study, trial: FrozenTrial, param_name: str, param_distribution: BaseDistribution
    ) -> Any:
        """A uniform draw seeded for this trial and lever."""
        draw = RandomSampler(seed=keyed_seed(self._key_seed, trial.number, param_name))
        return draw.sample_independent(study, trial, param_name, param_distribution)


class KeyedTPESampler(TPESampler):
    """Multivariate :class:`~optuna.samplers.TPESampler` (constant liar) with draws keyed by trial.

    Args:
        seed: The sampler seed.
        startup: Trials drawn uniformly before TPE models the results.
    """

    def __init__(self, seed: int, startup: int) -> None:
        super().__init__(seed=seed, n_startup_trials=startup, multivariate=True, constant_liar=True)
        self._key_seed = int(seed)

    def _key(self, trial: FrozenTrial, what: str) -> None:
        key = keyed_seed(self._key_seed, trial.number, what)
        self._rng.rng.seed(key)
        self._random_sampler._rng.rng.seed(key)

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        """TPE's joint draw of the levers, from generators seeded for this trial."""
        self._key(trial, "relative")
        return super().sample_relative(study, trial, search_space)

    def sample_independent(
        self, study: Study, trial: FrozenTrial, param_name: str, param_distribution: BaseDistribution
    ) -> Any:
        """A draw of one lever, from generators seeded for this trial and lever."""
        self._key(trial, param_name)
        return super().sample_independent(study, trial, param_name, param_distribution)


SAMPLERS = ("tpe", "nsga2")  # the first is the default


def make_sampler(name: str, seed: int, population: int) -> BaseSampler:
    """The keyed sampler: ``nsga2`` (generations of ``population``) or ``tpe`` (``population`` uniform draws first)."""
    if name == "nsga2":
        return KeyedNSGAIISampler(seed, population)
    return KeyedTPESampler(seed, startup=population)
