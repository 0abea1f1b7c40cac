"""The search: Optuna's TPE or NSGA-II over lever mixes, every mix run on the same paired replications.

``optimise(design, out)`` runs in generations of ``population`` mixes. Each generation is
drawn at once (:mod:`optimise.sampler`: TPE with a "constant liar" for the mixes drawn but not
yet run, or NSGA-II's generations), its runs (mixes x replications,
replication ``k`` with seed :func:`sim.runner.replication_seed` (seed, k) and posterior draw
``k`` for every mix: common random numbers) go to the executor together, and the mixes are
told to Optuna in trial order. A run's result depends only on (mix, seed, draw), and the
sampler sees the same trials in the same order, so 1 worker, 2 workers or a Dask cluster give
the same trials. A mix drawn twice is evaluated once.

With an output folder the study lives in ``study.db`` (Optuna's RDB storage on SQLite): a
trial is done once it is told there, with the per-replication values of its metrics as user
attributes. Interrupt the search anywhere and run the same command again: trials asked but not
told are evaluated again with the same mixes (the sampler's draws are keyed by trial number),
the rest of their generation is drawn as it would have been, and the search goes on, so the
trials are the same as in a run that was never interrupted. The folder holds::

    manifest.json     the design, its hash, seeds, posterior and provenance (checked on resume)
    study.db          the Optuna study (SQLite)
    trials.parquet    every trial: levers, objectives and constraints with intervals, feasibility
    front.parquet     the Pareto front of the feasible mixes
    reference.parquet the reference scenario's metrics

Both Parquet files are rewritten after each generation and carry the provenance in their
metadata (:func:`sim.results_io.read_provenance`).
"""

from __future__ import annotations

import json
import math
import os
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import optuna
import pandas as pd
from optuna.distributions import BaseDistribution, CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.study import StudyDirection
from optuna.trial import FrozenTrial, Trial, TrialState
from scipy.stats import qmc

from optimise.design import Constraint, Lever, Objective, OptimiseDesign
from optimise.front import pareto_rows, summarise
from optimise.metrics import Task, run_metrics_block
from optimise.path import front_path, spread
from optimise.sampler import keyed_seed, make_sampler
from optimise.uncertainty import Thetas, design_thetas
from sim.errors import UserError
from sim.executor import Executor, InProcessExecutor, TaskFailed, local_pool, make_executor
from sim.params import Value
from sim.provenance import stamp
from sim.results_io import write_table
from sim.runner import replication_seed

STUDY = "werkpad-optimise"
MANIFEST, DB, TRIALS, FRONT, REFERENCE = (
    "manifest.json",
    "study.db",
    "trials.parquet",
    "front.parquet",
    "reference.parquet",
)
Progress = Callable[[int, int], None]  # (trials done, trials wanted)
OPEN = (TrialState.RUNNING, TrialState.WAITING)  # asked (or queued) and not told
PATH_SHARE = 0.75  # share of each generation after the first taken from the predicted front path


@dataclass
class Outcome:
    """What a search produced.

    Attributes:
        design: The design searched.
        trials: Every told trial (see :func:`trials_table`).
        front: The Pareto front of the feasible mixes.
        reference: The reference scenario's metrics (``summarise`` per metric name).
        provenance: Version, commit, design hash, seeds, sampler, posterior.
        seconds: Wall time of this call.
        complete: Whether every wanted trial is done.
    """

    design: OptimiseDesign
    trials: pd.DataFrame
    front: pd.DataFrame
    reference: dict[str, dict[str, float]]
    provenance: dict[str, Any]
    seconds: float
    complete: bool


def optimise(
    design: OptimiseDesign,
    out: str | Path | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    time_limit: float | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """Search the design's lever mixes for the Pareto front; resume what ``out`` holds.

    Args:
        design: The validated design (with any command-line options applied).
        out: Output folder (created; resumed when it holds this design), or None to keep the
            study in memory (the app).
        workers: Local worker processes (1: this process).
        scheduler: Address of a Dask scheduler (overrides ``workers``).
        time_limit: Seconds after which no new generation starts (a later call resumes).
        progress: Called with (trials done, trials wanted) after each generation.

    Returns:
        The trials, the front, the reference and the provenance.

    Raises:
        UserError: ``out`` holds another design or posterior, or cannot be written.
    """
    start = time.perf_counter()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    thetas, posterior = design_thetas(design)
    prov = provenance(design, posterior)
    folder = Path(out) if out is not None else None
    study = open_study(design, folder, prov)
    with _executor(workers, scheduler) as ex:
        search = Search(design, study, thetas, ex)
        reference = search.reference()
        last = 0.0
        while search.remaining():
            if time_limit is not None and time.perf_counter() - start + last > time_limit:
                break  # the next call goes on from here
            t0 = time.perf_counter()
            search.run(search.next_batch())
            last = time.perf_counter() - t0
            if folder is not None:
                write_outputs(folder, search.outcome(reference, prov, start))
            if progress is not None:
                progress(search.done(), design.trials)
    outcome = search.outcome(reference, prov, start)
    if folder is not None:
        write_outputs(folder, outcome)
    return outcome


def provenance(design: OptimiseDesign, posterior: dict[str, Any]) -> dict[str, Any]:
    """Version, commit, design, seeds, sampler and posterior of a search."""
    return stamp(
        design=design.name,
        design_file=design.source,
        design_hash=design.hash,
        base_scenario=design.base.name,
        base_scenario_hash=design.base.hash,
        base_seed=design.seed,
        seeds=[replication_seed(design.seed, k) for k in range(design.reps)],
        sampler=f"{design.sampler} (optuna, draws keyed by trial number)",
        sampler_seed=design.sampler_seed,
        population=design.population,
        optuna_version=optuna.__version__,
        posterior=posterior,
    )


def check_output(design: OptimiseDesign, folder: Path) -> None:
    """Fail before any work when ``folder`` cannot hold this search (see :func:`open_study`).

    Raises:
        UserError: The folder holds another design or posterior, or cannot be written.
    """
    _check_folder(folder, design, provenance(design, design_thetas(design)[1]))


def open_study(design: OptimiseDesign, folder: Path | None, prov: dict[str, Any]) -> optuna.Study:
    """The design's Optuna study: in memory, or in ``folder/study.db`` (created or resumed).

    Raises:
        UserError: The folder holds another design or posterior, or cannot be written.
    """
    storage: Any = None
    if folder is not None:
        _check_folder(folder, design, prov)
        storage = optuna.storages.RDBStorage(f"sqlite:///{folder / DB}")
    sampler = make_sampler(design.sampler, design.sampler_seed, design.population)
    directions = [
        StudyDirection.MAXIMIZE if o.direction == "max" else StudyDirection.MINIMIZE for o in design.objectives
    ]
    return optuna.create_study(
        storage=storage, study_name=STUDY, directions=directions, sampler=sampler, load_if_exists=True
    )


def _check_folder(folder: Path, design: OptimiseDesign, prov: dict[str, Any]) -> None:
    """Create the folder and its manifest, or check that it holds this same search."""
    path = folder / MANIFEST
    try:
        folder.mkdir(parents=True, exist_ok=True)
        old = json.loads(path.read_text()) if path.exists() else None
    except (OSError, ValueError) as exc:
        raise UserError(f"--out {folder}: cannot use this folder: {exc}") from None
    mine = {"design_hash": design.hash, "posterior": _posterior_key(prov["posterior"])}
    if old is not None and {k: old.get(k) for k in mine} != mine:
        what = "design" if old.get("design_hash") != design.hash else "posterior (uncertain parameters)"
        raise UserError(
            f"--out {folder} holds a search with another {what} (design hash {old.get('design_hash')}, "
            f"this one {design.hash}): use a new --out folder, or the same design and options"
        )
    manifest = {**mine, "design": design.record(), "provenance": prov}
    _atomic(path, lambda tmp: tmp.write_text(json.dumps(manifest, indent=2, default=str)))


def _posterior_key(posterior: dict[str, Any]) -> str:
    """The part of the posterior record that decides the runs (mode, file date, draws)."""
    keep = {k: posterior.get(k) for k in ("uncertain_parameters", "posterior", "posterior_written", "thetas")}
    return json.dumps(keep, sort_keys=True)


@contextmanager
def _executor(workers: int, scheduler: str | None) -> Iterator[Executor]:
    if scheduler:
        with make_executor(scheduler=scheduler) as ex:
            yield ex
    elif workers > 1:
        yield local_pool(workers)  # warm, shared by the process; not closed here
    else:
        yield InProcessExecutor()


def distribution(lever: Lever) -> BaseDistribution:
    """Optuna's distribution of a lever."""
    if lever.choices is not None:
        return CategoricalDistribution(lever.choices)
    if lever.integer:
        return IntDistribution(int(lever.low), int(lever.high), step=int(lever.step or 1))
    return FloatDistribution(lever.low, lever.high, step=lever.step)


def suggest(trial: Trial, lever: Lever) -> Value:
    """The trial's value of a lever (drawn now, or the one it already has)."""
    if lever.choices is not None:
        return trial.suggest_categorical(lever.key, lever.choices)
    if lever.integer:
        return trial.suggest_int(lever.key, int(lever.low), int(lever.high), step=int(lever.step or 1))
    return trial.suggest_float(lever.key, lever.low, lever.high, step=lever.step)


def first_generation(design: OptimiseDesign) -> list[dict[str, Value]]:
    """The first generation's mixes: the anchors (:func:`anchors`), then a scrambled Sobol sample.

    The Sobol points (seeded by the sampler seed, moved onto each lever's grid) fill the rest of
    the generation evenly, where independent uniform draws leave gaps and clumps.
    """
    out = anchors(design)[: design.population]
    dim = len(design.levers)
    sobol = qmc.Sobol(dim, scramble=True, seed=np.random.default_rng(keyed_seed(design.sampler_seed, 0, "sobol")))
    for point in sobol.random(2 ** math.ceil(math.log2(max(2, design.population)))):
        if len(out) >= design.population:
            break
        mix = {lever.key: _at(lever, float(u)) for lever, u in zip(design.levers, point, strict=True)}
        if mix not in out:
            out.append(mix)
    return out


def _at(lever: Lever, u: float) -> Value:
    """The lever's grid value at position ``u`` in [0, 1)."""
    if lever.choices is not None:
        return lever.choices[min(int(u * len(lever.choices)), len(lever.choices) - 1)]
    return _on_grid(lever, lever.low + u * (lever.high - lever.low))


def anchors(design: OptimiseDesign) -> list[dict[str, Value]]:
    """Mixes the first generation starts with: the cheapest, the base's own, each lever alone.

    In order: every lever at its lowest, the base's own mix, ``design.start``, then each lever
    alone at its highest (the rest at their lowest), so the search sees what each lever does by
    itself from the start (as many as the first generation holds). The base's value of a lever
    is the one in force at ``from_month`` (with the design's ``[set]``), moved onto the lever's
    grid and into its range.
    """
    own = design.reference().params()
    for month, values in design.reference().changes:
        if month <= design.from_month:
            own.update(values)
    out: list[dict[str, Value]] = []
    low = {lever.key: lever.low if lever.choices is None else lever.choices[0] for lever in design.levers}
    alone = [{**low, lever.key: lever.high if lever.choices is None else lever.choices[-1]} for lever in design.levers]
    for mix in (low, own, *design.start, *alone):
        snapped = {lever.key: _on_grid(lever, mix[lever.key]) for lever in design.levers}
        if snapped not in out:
            out.append(snapped)
    return out


def _on_grid(lever: Lever, value: Value) -> Value:
    """The lever's allowed value nearest to ``value`` (its first choice when not among them)."""
    if lever.choices is not None:
        return value if value in lever.choices else lever.choices[0]
    x = min(max(float(value), lever.low), lever.high)
    if lever.step:
        x = min(lever.low + round((x - lever.low) / lever.step) * lever.step, lever.high)
    return int(round(x)) if lever.integer else x


def mix_key(mix: dict[str, Value]) -> str:
    """A mix as text: equal mixes give equal keys."""
    return json.dumps(mix, sort_keys=True)


class Search:
    """One search in progress: draws generations, runs them, tells the results.

    Args:
        design: The design.
        study: Its Optuna study (possibly with trials from an earlier call).
        thetas: Uncertain-parameter sets per replication (or None).
        executor: Where the runs execute.
    """

    def __init__(self, design: OptimiseDesign, study: optuna.Study, thetas: Thetas, executor: Executor) -> None:
        self.design, self.study, self.thetas, self.executor = design, study, thetas, executor
        self.dists = {lever.key: distribution(lever) for lever in design.levers}
        self.cache: dict[str, dict[str, list[float]]] = {}
        for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)):
            self.cache[mix_key(t.params)] = t.user_attrs["reps"]

    def remaining(self) -> bool:
        """Whether trials are left to draw, or drawn and not told (an interrupted generation)."""
        trials = self.study.get_trials(deepcopy=False)
        return len(trials) < self.design.trials or any(not t.state.is_finished() for t in trials)

    def done(self) -> int:
        """Trials told so far."""
        return len(self.study.get_trials(deepcopy=False, states=(TrialState.COMPLETE, TrialState.FAIL)))

    def reference(self) -> dict[str, list[float]]:
        """The reference scenario's per-replication metrics (run once, then kept in the study)."""
        got = self.study.user_attrs.get("reference")
        if got is None:
            values = self._evaluate({"reference": self.design.reference()})["reference"]
            got = values if isinstance(values, dict) else {}
            self.study.set_user_attr("reference", got)
        return dict(got)

    def next_batch(self) -> list[Trial]:
        """The trials of the next generation: any asked but not told, then new ones up to its end.

        A new generation starts with mixes of its own, queued in the study before the sampler
        draws the rest: the first with the anchor mixes and a space-filling Sobol sample
        (:func:`first_generation`), later ones with mixes of the predicted front path
        (:meth:`path_mixes`).
        """
        if not any(t.state in OPEN for t in self.study.get_trials(deepcopy=False)):
            done = len(self.study.get_trials(deepcopy=False))
            room = min((done // self.design.population + 1) * self.design.population, self.design.trials) - done
            queued = first_generation(self.design) if done == 0 else self.path_mixes()
            for mix in queued[: max(0, room)]:
                self.study.enqueue_trial(mix)
        trials = self.study.get_trials(deepcopy=False)
        open_ = [t for t in trials if t.state in OPEN]
        first = open_[0].number if open_ else len(trials)
        end = min((first // self.design.population + 1) * self.design.population, self.design.trials)
        waiting = sum(t.state == TrialState.WAITING for t in trials)
        batch = [Trial(self.study, t._trial_id) for t in open_ if t.state == TrialState.RUNNING]
        batch += [self.study.ask() for _ in range(max(0, end - len(trials) + waiting))]
        for trial in batch:
            for lever in self.design.levers:
                suggest(trial, lever)
        return batch

    def path_mixes(self) -> list[dict[str, Value]]:
        """Mixes of the predicted front path not run yet, spread along it (:mod:`optimise.path`)."""
        count = int(self.design.population * PATH_SHARE)
        told = [
            t for t in self.study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)) if "reps" in t.user_attrs
        ]
        if not count or not told:
            return []
        mixes = [{k: t.params[k] for k in self.dists} for t in told]
        items: list[Objective | Constraint] = [*self.design.objectives, *self.design.constraints]
        values: dict[str, Sequence[float]] = {
            item.name: [_mean(t.user_attrs["reps"][item.metric.label()]) for t in told] for item in items
        }
        done = {mix_key(t.params) for t in self.study.get_trials(deepcopy=False)}
        return spread(front_path(self.design, mixes, values), done, mix_key, count)

    def run(self, batch: list[Trial]) -> None:
        """Evaluate a generation (each distinct new mix once) and tell Optuna in trial order."""
        mixes = {t.number: {k: t.params[k] for k in self.dists} for t in batch}
        todo = {mix_key(m): self.design.scenario(m, f"{self.design.name}/t{n:04d}") for n, m in mixes.items()}
        todo = {k: s for k, s in todo.items() if k not in self.cache}
        for key, got in self._evaluate(todo).items():
            if isinstance(got, dict):
                self.cache[key] = got
        for trial in batch:
            self._tell(trial, self.cache.get(mix_key(mixes[trial.number])))

    def _evaluate(self, scenarios: dict[str, Any]) -> dict[str, dict[str, list[float]] | TaskFailed]:
        """Per-replication metrics of each scenario (one executor pass over all their runs)."""
        metrics = self.design.metrics
        reps = self.design.reps
        tasks: list[Task] = [
            (s, replication_seed(self.design.seed, k), k, self.thetas[k] if self.thetas else None, metrics)
            for s in scenarios.values()
            for k in range(reps)
        ]
        blocks: list[Any] = [None] * len(scenarios)  # a scenario's replications stacked in one task
        for j, got in self.executor.map(
            run_metrics_block, [tasks[j * reps : (j + 1) * reps] for j in range(len(scenarios))]
        ):
            blocks[j] = got
        out: dict[str, dict[str, list[float]] | TaskFailed] = {}
        for j, key in enumerate(scenarios):
            rows = blocks[j]
            out[key] = (
                rows
                if isinstance(rows, TaskFailed)
                else {m.label(): [r[i] for r in rows] for i, m in enumerate(metrics)}
            )
        return out

    def _tell(self, trial: Trial, reps: dict[str, list[float]] | None) -> None:
        if reps is None:
            self.study.tell(trial, state=TrialState.FAIL)
            return
        trial.set_user_attr("reps", reps)
        with warnings.catch_warnings():  # a resumed trial may have its constraints already
            warnings.simplefilter("ignore")
            for c in self.design.constraints:
                trial.set_constraint(c.name, c.violation(_mean(reps[c.metric.label()])))
        values = [_mean(reps[o.metric.label()]) for o in self.design.objectives]
        self.study.tell(trial, values, skip_if_finished=True)

    def outcome(self, reference: dict[str, list[float]], prov: dict[str, Any], start: float) -> Outcome:
        """The trials, front and reference as they stand now."""
        table = trials_table(self.design, self.study.get_trials(deepcopy=False), reference)
        names = [o.name for o in self.design.objectives]
        maximise = [o.direction == "max" for o in self.design.objectives]
        front = pareto_rows(table, names, maximise) if len(table) else table
        ref = {m.label(): summarise(v, v) for m in self.design.metrics for v in [reference[m.label()]]}
        complete = self.done() >= self.design.trials
        return Outcome(self.design, table, front, ref, prov, time.perf_counter() - start, complete)


def _mean(values: list[float]) -> float:
    return math.fsum(values) / len(values)


def trials_table(design: OptimiseDesign, trials: list[FrozenTrial], reference: dict[str, list[float]]) -> pd.DataFrame:
    """One row per told trial: levers, each objective and constraint with intervals, feasibility.

    Columns: ``trial``, ``state``, the lever keys, ``mix_key``, ``reused`` (the mix was
    evaluated by an earlier trial), ``feasible``, and per objective or constraint ``name``
    (mean), ``name_lo``/``name_hi`` (90% interval of the mean), ``name_diff`` with
    ``name_diff_lo``/``name_diff_hi`` (paired difference with the reference) and ``name_reps``
    (the value of each replication).
    """
    rows = []
    seen: set[str] = set()
    for t in trials:
        if t.state not in (TrialState.COMPLETE, TrialState.FAIL):
            continue
        key = mix_key(t.params)
        row: dict[str, Any] = {"trial": t.number, "state": t.state.name, **t.params, "mix_key": key}
        row["reused"] = key in seen
        seen.add(key)
        row["feasible"] = t.state == TrialState.COMPLETE and all(v <= 0 for v in t.constraints.values())
        for item in design.measured:
            reps = t.user_attrs.get("reps", {}).get(item.metric.label())
            stats = summarise(reps, reference[item.metric.label()]) if reps else {}
            row[item.name] = stats.get("value", math.nan)
            row[f"{item.name}_reps"] = list(reps or [])
            for part in ("lo", "hi", "diff", "diff_lo", "diff_hi"):
                row[f"{item.name}_{part}"] = stats.get(part, math.nan)
        rows.append(row)
    return pd.DataFrame(rows)


def write_outputs(folder: Path, outcome: Outcome) -> None:
    """Write the trials, front and reference tables (each atomically) with the provenance."""
    prov = {**outcome.provenance, "trials_done": len(outcome.trials), "complete": outcome.complete}
    ref = pd.DataFrame([{"metric": k, **v} for k, v in outcome.reference.items()])
    for name, df in ((TRIALS, outcome.trials), (FRONT, outcome.front), (REFERENCE, ref)):
        _atomic(folder / name, partial(_write_table, df, prov=prov))


def _write_table(df: pd.DataFrame, path: Path, prov: dict[str, Any]) -> None:
    write_table(df, path, prov)


def _atomic(path: Path, write: Callable[[Path], Any]) -> None:
    """Write through a temporary file in the same folder, then rename (a reader never sees half a file)."""
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    write(tmp)
    os.replace(tmp, path)
