"""The council report's content, section by section, as plain blocks (see :mod:`webapp.report.blocks`).

Order: title and date; the municipality's settings; the scenarios (description and every
setting that differs from the reference, in words); the plain-language summary; the people
charts; money per budget year (chart and a table per scenario); the key figures (value,
difference, its 90% interval and the 5-95% range of single runs); what rests on assumptions and
what is not modelled; the sources cited, with titles and links.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from sim import extrapolation
from sim.params import load_specs
from sim.scenarios import load_scenario
from webapp import budget_years, describe, evidence, summary, tables
from webapp import paramtext as pt
from webapp.i18n import tr
from webapp.report import figures, limits
from webapp.report.blocks import Block, Bullets, Figure, Heading, PageBreak, Para, Table
from webapp.report.inputs import ReportInputs, ReportStamp

MONTHS_NL = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
YEARS_PER_TABLE = 10


def long_date(day: dt.date, lang: str) -> str:
    """``12 december 2026`` / ``12 December 2026``."""
    month = MONTHS_NL[day.month - 1] if lang == "nl" else day.strftime("%B")
    return f"{day.day} {month} {day.year}"


def title_section(inputs: ReportInputs, lang: str) -> list[Block]:
    """Title, the scenarios compared, the date and what the numbers are."""
    names = ", ".join(inputs.order[1:])
    return [
        Heading(tr("report_title", lang), 0),
        Para(tr("report_subtitle", lang, ref=inputs.reference, names=names)),
        Para(tr("report_date", lang, date=long_date(inputs.stamp.date, lang)), small=True),
        Para(tr("report_intro", lang, reps=inputs.stamp.reps, ref=inputs.reference)),
    ]


def settings_section(inputs: ReportInputs, lang: str) -> list[Block]:
    """The municipality's settings, and a warning when the scenarios disagree on them."""
    out: list[Block] = [Heading(tr("report_settings", lang))]
    out.append(Bullets(describe.municipality_lines(inputs.scenarios[0], lang)))
    mixed = describe.mixed_settings(inputs.scenarios)
    if mixed:
        specs = load_specs()
        keys = ", ".join(pt.label(specs[k], lang) for k in mixed)
        out.append(Para(tr("mixed_municipalities", lang, keys=keys), warning=True))
    return out


def scenario_section(inputs: ReportInputs, lang: str) -> list[Block]:
    """Each scenario: its description and every setting that differs from the reference, in words."""
    out: list[Block] = [Heading(tr("report_scenarios", lang))]
    ref = inputs.scenarios[0]
    for i, s in enumerate(inputs.scenarios):
        out.append(Heading(s.name + (" " + tr("report_is_reference", lang) if i == 0 else ""), 2))
        out.append(Para(summary.description(s, lang) or "–"))
        # the reference is described against the shipped baseline, every option against the reference
        against, against_name = (
            (load_scenario("baseline"), tr("baseline_defaults", lang)) if i == 0 else (ref, ref.name)
        )
        lines = describe.lever_lines(s, against, against_name, lang)
        out.append(Bullets(lines or [tr("report_no_differences", lang)], small=True))
    return out


def summary_section(inputs: ReportInputs, lang: str) -> list[Block]:
    """The plain-language summary."""
    paras = summary.paragraphs(inputs.table, inputs.scenarios, inputs.runs, lang)
    return [Heading(tr("summary", lang)), *(Para(p) for p in paras)]


def people_section(inputs: ReportInputs, lang: str) -> list[Block]:
    """People charts: shares by month since permit, and differences from the reference."""
    out: list[Block] = [PageBreak(), Heading(tr("report_people", lang))]
    for title, chart in (figures.people_figure(inputs, lang), figures.diff_figure(inputs, lang)):
        out.append(Figure(figures.png(chart), title))
    return out


def money_section(inputs: ReportInputs, lang: str) -> list[Block]:
    """Money per budget year: the chart, then one table per scenario (€ 1.000), the stop year marked."""
    frame = budget_years.yearly_frame(inputs.runs, inputs.stamp.start_year)
    title, chart = figures.money_figure(inputs, lang, frame)
    out: list[Block] = [PageBreak(), Heading(title), Figure(figures.png(chart), title)]
    out.append(Para(tr("money_years_note", lang, reps=inputs.stamp.reps), small=True))
    for name in inputs.order:
        out.append(Heading(name, 2))
        out += year_tables(budget_years.year_table(frame, name, lang))
        stop = budget_years.funding_year(inputs.runs[name])
        if stop is not None:
            month = inputs.runs[name].funding_end
            when = long_date(dt.date(inputs.stamp.start_year + month // 12, month % 12 + 1, 1), lang)[2:].strip()
            out.append(Para(tr("money_stops_note", lang, m=month, when=when), small=True))
    return out


def year_tables(df: pd.DataFrame) -> list[Block]:
    """A year table in chunks of at most :data:`YEARS_PER_TABLE` years (the total in the last)."""
    cols = list(df.columns)
    label, years, total = cols[0], cols[1:-1], cols[-1]
    chunks = [years[i : i + YEARS_PER_TABLE] for i in range(0, len(years), YEARS_PER_TABLE)] or [[]]
    out: list[Block] = []
    for j, chunk in enumerate(chunks):
        use = [label, *chunk, *([total] if j == len(chunks) - 1 else [])]
        n = len(use) - 1
        widths = [0.26] + [0.74 / n] * n
        bold = [i for i, r in enumerate(df[label]) if i >= len(df) - 4]
        out.append(Table(use, df[use].astype(str).values.tolist(), widths, bold_rows=bold))
    return out


def kpi_section(inputs: ReportInputs, lang: str) -> list[Block]:
    """The key figures: value, difference from the reference, its 90% interval, 5-95% of runs."""
    df = tables.kpi_display(inputs.table, lang)
    widths = [0.23, 0.16, 0.13, 0.12, 0.18, 0.18]
    out: list[Block] = [PageBreak(), Heading(tr("kpi_table", lang))]
    out.append(Table(list(df.columns), df.astype(str).values.tolist(), widths, numeric_from=2))
    out.append(Para(tr("report_kpi_note", lang, reps=inputs.stamp.reps, ref=inputs.reference), small=True))
    return out


def limits_section(inputs: ReportInputs, lang: str) -> list[Block]:
    """What the results rest on (assumed parameters) and what the model does not capture."""
    marks = [mark_text(m, lang) for m in extrapolation.marks(inputs.scenarios)]
    return [
        Heading(tr("report_assumptions", lang)),
        *(Para(m, warning=True) for m in marks),
        Para(tr("report_assumptions_intro", lang), small=True),
        Bullets(limits.assumed(inputs.scenarios, lang), small=True),
        Heading(tr("limits_title", lang)),
        Bullets(limits.not_modelled(lang), small=True),
    ]


def mark_text(mark: extrapolation.Mark, lang: str) -> str:
    """An extrapolation mark in words: the law's note as written, a lever's with labels instead of keys."""
    if mark.key not in load_specs():
        return mark.text[lang]
    specs = load_specs()
    what = ", ".join(pt.label(specs[k], lang) for k in mark.parameters)
    lever = pt.label(specs[mark.key], lang)
    return tr("report_mark_lever", lang, lever=lever, who=", ".join(mark.scenarios), what=what)


def sources_section(inputs: ReportInputs, lang: str) -> list[Block]:
    """The publications behind the parameters the report uses, with links."""
    specs = load_specs()
    keys = [*describe.MUNICIPALITY, *(k for k in specs if k.startswith(describe.ORIGIN_PREFIX))]
    keys += limits.used_keys(inputs.scenarios) + [k for k in specs if specs[k].kind == "cost"]
    keys += list(describe.differences(inputs.scenarios[0], load_scenario("baseline")))  # the reference's own levers
    ids = [i for k in keys for i in evidence.expand_ids(specs[k].source)]
    items = [f"{evidence.title_link(s, lang)} — {evidence.with_levels(s, lang)}" for s in evidence.sources(ids)]
    intro = Para(tr("report_sources_intro", lang), small=True)
    return [Heading(tr("report_sources", lang)), intro, Bullets(items, small=True)]


def provenance_section(inputs: ReportInputs, lang: str) -> list[Block]:
    """Where the numbers come from, in full: code, seeds, calibration and each scenario's content hash.

    The footer names version, commit, seed and replications; a reader who wants to reproduce a
    figure also needs the calibration the runs drew from and which scenario files were run.
    """
    st = inputs.stamp
    items = [
        tr("report_prov_code", lang, version=st.version, commit=st.commit or "–"),
        tr("report_prov_runs", lang, seed=st.seed, reps=st.reps),
        _first_up(calibration_words(st, lang)),
        *(tr("report_prov_scenario", lang, name=s.name, hash=s.hash) for s in inputs.scenarios),
    ]
    return [Heading(tr("report_prov", lang)), Bullets(items, small=True)]


def calibration_words(st: ReportStamp, lang: str) -> str:
    """How the uncertain parameters were set and from which calibration (the one actually drawn from).

    ``onzekere parameters: een kalibratietrekking per herhaling; kalibratie: out/town (town.csv, quick,
    2026-12-03) (2026-12-03T...)``; without a calibration only the first part. Used by the report's
    provenance and the app's footer.
    """
    unc = tr(f"report_unc_{st.uncertainty}", lang)
    if st.uncertainty == "none":
        return unc
    written = (
        f" ({tr('report_prov_written', lang, when=_when(st.posterior_written, lang))})" if st.posterior_written else ""
    )
    posterior = (st.posterior or tr("report_prov_shipped", lang)) + written
    return tr("report_prov_unc", lang, unc=unc, posterior=posterior)


def _when(stamp: str, lang: str) -> str:
    """An ISO time stamp as a reader writes it ('3-12-2026 21:22' in Dutch, '2026-12-03 21:22' in English, UTC)."""
    try:
        t = dt.datetime.fromisoformat(stamp).astimezone(dt.UTC)
    except ValueError:
        return stamp
    return (f"{t.day}-{t.month}-{t.year} {t:%H:%M}" if lang == "nl" else f"{t:%Y-%m-%d %H:%M}") + " UTC"


def _first_up(text: str) -> str:
    return text[:1].upper() + text[1:]


def build(inputs: ReportInputs, lang: str) -> list[Block]:
    """The whole report as blocks."""
    parts = [title_section, settings_section, scenario_section, summary_section, people_section]
    parts += [money_section, kpi_section, limits_section, sources_section, provenance_section]
    return [b for part in parts for b in part(inputs, lang)]
