"""Werkpad's Streamlit app: compare policy scenarios for status holders, people and money on one page.

Data flow (each module a plain function of the one before; ``app.py`` only lays out the page)::

    URL query parameters  --webapp.query.from_query-->  AppState (language, seed, reps,
      uncertainty: posterior draws (default) or point estimate, municipality, up to four
      scenario slots: a shipped file or uploaded overlay + slider edits); only states the
      controls can produce, each adjustment reported (webapp.limits: ranges, work ceiling)
    sidebar widgets (webapp.controls, webapp.choices)  -> edit AppState  -> webapp.query.to_query -> URL
    AppState --webapp.state.build_scenarios--> validated sim Scenarios (baseline first)
      --webapp.runs.run_block (st.cache_resource by scenario hash + TOML text, seed, reps, thetas)-->
      SlotRuns (per-replication KPIs, shares, money)  -> webapp.runs.comparison_table (sim.compare)
      -> webapp.charts (Altair specs built once per shape, cached; each rerun's numbers
         sent as Arrow datasets: charts.data_chart), webapp.tables (KPI table, groups, plain-language summary),
         webapp.person (one person's months), webapp.export (CSV, Parquet, TOML, PNG, SVG)
    calibration/*.csv, *.json, *.png, *.html (rewritten by ``sim calibrate``, ``sim sensitivity``)
      --webapp.calibfiles (cached by file version; None when missing)--> webapp.calibcharts,
      webapp.senscharts (tables, Altair) -> webapp.calibpage (the calibration and sensitivity tabs)

Every user-visible string comes from :mod:`webapp.i18n` (Dutch default, English) and
:mod:`webapp.paramtext` (labels and help of every parameter); the calibration tabs' texts from
:mod:`webapp.calibtext`.
"""
