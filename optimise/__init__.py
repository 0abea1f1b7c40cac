"""Werkpad's lever optimiser: which mix of levers gives the most work for the money?

A layer beside ``calibration``: it imports ``sim`` only. Data flow::

    design TOML --optimise.design.load_design--> OptimiseDesign (levers with ranges, objectives,
      constraints such as a budget per year, base scenario, replications, seeds, uncertainty mode)
    OptimiseDesign --optimise.search.optimise--> Optuna study (TPE or NSGA-II, draws keyed by trial:
      optimise.sampler; SQLite storage for resume) whose mixes run on paired replications
      (optimise.metrics.run_metrics_block through sim.executor: a scenario's replications stacked)
      --> trials table and Pareto front with intervals (optimise.front) --> Parquet with provenance
    ``sim optimise`` (optimise.cli) and the app's tab "Beste inzet van het budget" (webapp) call it.
"""
