"""The council report ("Rapport voor de raad"): a PDF of a comparison, from the app or ``sim report``.

Data flow::

    app (what the page computed)  or  sim report (webapp.report.inputs.run_comparison, i.e. sim.compare)
      -> ReportInputs (scenarios, runs, KPI table, stamp)
      -> webapp.report.sections.build  (plain blocks: text, tables, charts rendered by vl-convert)
      -> webapp.report.pdf.render      (reportlab: A4, footer with version, commit, seed,
                                        replications and posterior on every page)
      -> PDF bytes

Both faces call :func:`build_report`, so the app's PDF and the command line's are made by the
same code, and the report's KPI table is the comparison table itself (``sim compare --json``).
"""

from __future__ import annotations

from webapp.i18n import tr
from webapp.report import figures, pdf, sections
from webapp.report.inputs import ReportInputs, ReportStamp, run_comparison

__all__ = ["ReportInputs", "ReportStamp", "build_report", "run_comparison"]


def build_report(inputs: ReportInputs, lang: str = "nl") -> bytes:
    """The council report of a comparison as PDF bytes.

    Args:
        inputs: Scenarios (reference first), runs, comparison table and stamp.
        lang: ``"nl"`` (default) or ``"en"``.
    """
    blocks = sections.build(inputs, lang)
    return pdf.render(blocks, figures.footer_text(inputs.stamp, lang), tr("report_title", lang))
