"""Werkpad's Streamlit app: ``streamlit run app.py``.

Policy advisors set the municipality and the levers of up to three scenarios, compare them
with the baseline side by side (people and money, paired differences with bands), look at
groups and at one person's months, and share or export the comparison. The page layout is
here; the logic is in the ``webapp`` package (see its docstring for the data flow).
"""

from __future__ import annotations

import streamlit as st

from webapp import calibpage, controls, page
from webapp.i18n import tr


def main() -> None:
    """Lay out the page: sidebar controls, scenario slots, then the result tabs."""
    st.set_page_config(page_title=page.PAGE_TITLE, page_icon="📊", layout="wide")
    state = page.init_state()
    with st.sidebar:
        controls.language_switch(state)
    page.header(state)
    page.show_url_errors(state)
    controls.slot_bar(state)
    with st.sidebar:
        controls.municipality(state)
        controls.lever_controls(state)
        controls.advanced(state, page.posterior_note(state))
    res = page.compute(state)
    page.sync_url(state)
    lang = state.lang
    keys = ("tab_compare", "tab_groups", "tab_person", "tab_share", "tab_calib", "tab_sens", "tab_about")
    draw = (
        page.compare_tab,
        page.groups_tab,
        page.person_tab,
        page.share_tab,
        calibpage.calibration_tab,
        calibpage.sensitivity_tab,
        page.about_tab,
    )
    labels = [tr(k, lang) for k in keys]
    for tab, fn in zip(st.tabs(labels, key="tab", on_change="rerun"), draw, strict=True):
        if tab.open is not False:  # only the open tab is computed (None: state not tracked)
            with tab:
                fn(state, res)
    page.footer(state, res)
    page.refine(res)


main()
