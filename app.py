"""Werkpad's Streamlit app: ``streamlit run app.py``.

Policy advisors set the municipality and the levers of up to three scenarios, compare them
with the baseline side by side (people and money, paired differences with bands), look at
groups and at one person's months, share or export the comparison, and see how the model
was calibrated and which settings matter most. The page layout is here; the logic is in the
``webapp`` package (see its docstring for the data flow).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from webapp import calibpage, caseload_page, controls, optimise_page, page
from webapp.i18n import tr
from webapp.state import AppState

# The result tabs in order: (text key of the label, function drawing it from the state and results).
TABS: tuple[tuple[str, Callable[[AppState, Any], None]], ...] = (
    ("tab_compare", page.compare_tab),
    ("tab_groups", page.groups_tab),
    ("tab_person", page.person_tab),
    ("tab_share", page.share_tab),
    ("tab_calib", calibpage.calibration_tab),
    ("tab_sens", calibpage.sensitivity_tab),
    ("tab_optimise", optimise_page.optimise_tab),
    ("tab_caseload", caseload_page.caseload_tab),
    ("tab_about", page.about_tab),
)


def tab_after_switch(lang: str) -> str | None:
    """The label, in ``lang``, of the tab that was open when the language was last switched (None: the first).

    It changes only at a language switch, when the labels change anyway, so the open tab is kept.
    """
    old_lang, label = st.session_state.get(controls.TAB_AT_SWITCH, (lang, None))
    keys = [key for key, _ in TABS if tr(key, old_lang) == label]
    return tr(keys[0], lang) if keys else None


def main() -> None:
    """Lay out the page: sidebar controls, scenario slots, then the result tabs."""
    st.set_page_config(page_title=page.PAGE_TITLE, page_icon="📊", layout="wide")
    state = page.init_state()
    with st.sidebar:
        controls.language_switch(state)
    head = st.container()  # filled after the sidebar: the header's run count is the setting of this run
    page.show_url_errors(state)
    controls.slot_bar(state)
    with st.sidebar:
        controls.municipality(state)
        controls.lever_controls(state)
        controls.advanced(state, page.posterior_note(state))
    with head:
        page.header(state)
    res = page.compute(state)
    page.sync_url(state)
    lang = state.lang
    labels = [tr(key, lang) for key, _ in TABS]
    tabs = st.tabs(labels, key="tab", on_change="rerun", default=tab_after_switch(lang))
    for tab, (_, fn) in zip(tabs, TABS, strict=True):
        if tab.open is not False:  # only the open tab is computed (None: state not tracked)
            with tab:
                fn(state, res)
    page.footer(state, res)
    page.refine(res)


main()
