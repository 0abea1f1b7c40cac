"""Werkpad's Streamlit app: ``streamlit run app.py``.

Policy advisors set the municipality and the levers of up to three scenarios, compare them
with the baseline side by side (people and money, paired differences with bands), look at
groups and at one person's months, and share or export the comparison. The page layout is
here; the logic is in the ``webapp`` package (see its docstring for the data flow).
"""

from __future__ import annotations

import streamlit as st

from webapp import controls, page
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
    tabs = st.tabs([tr(k, lang) for k in ("tab_compare", "tab_groups", "tab_person", "tab_share", "tab_about")])
    with tabs[0]:
        page.compare_tab(state, res)
    with tabs[1]:
        page.groups_tab(state, res)
    with tabs[2]:
        page.person_tab(state, res)
    with tabs[3]:
        page.share_tab(state, res)
    with tabs[4]:
        page.about_tab(state, res)
    page.footer(state, res)


main()
