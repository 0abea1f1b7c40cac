"""Choice widgets (radio, select box) over stable options whose labels are translated or renamed.

Streamlit keeps a choice widget's value as the label the browser shows. When the labels change
while the widget lives (a language switch translates them; an upload or a rename renames a
scenario), the browser sends back a label that is no longer an option, and Streamlit hands that
label to the script as the widget's value: ``'Basis'`` where the code expects ``'baseline'``
(the crashes of issue #9). So:

- the options are stable keys (file names, mix names, KPI keys, slot indexes) and the labels
  are made only for display, by ``format_func``;
- a choice widget's key carries the language, so a language switch shows a new widget that
  starts from the stable value, and one widget's labels are always of one language;
- a value read back from the session is used only when it is one of the options; otherwise
  the caller's stable value (the app state) or the option chosen last (view options) is used.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import streamlit as st

T = TypeVar("T")


def widget_key(key: str, lang: str) -> str:
    """The session key of a choice widget in one language."""
    return f"{key}.{lang}"


def member(value: Any, options: Sequence[Any]) -> bool:
    """Whether ``value`` is one of ``options`` (of the same type: a label is never an index)."""
    return any(type(value) is type(o) and value == o for o in options)


def current(key: str, options: Sequence[T], value: T | None) -> T:
    """The option a choice widget holds as of this run, else ``value``, else the first option.

    Args:
        key: The widget's session key (see :func:`widget_key`).
        options: Its options.
        value: The caller's stable value (None: none).
    """
    for got in (st.session_state.get(key), value):
        if got is not None and member(got, options):
            return got
    return options[0]


def choice(
    widget: Callable[..., Any],
    label: str,
    options: Sequence[T],
    key: str,
    lang: str,
    format_func: Callable[[Any], str],
    value: T | None = None,
    **kwargs: Any,
) -> T:
    """A radio or select box over stable options, labelled in the page's language.

    Args:
        widget: ``st.radio`` or ``st.selectbox``.
        label: Its label.
        options: Stable option keys.
        key: Base key (the language is added).
        lang: Language of the labels.
        format_func: Option key -> label.
        value: The current value held by the app state; None for a view option (then the
            option chosen last is kept across a language switch).
        **kwargs: Passed to the widget (help, on_change, horizontal, ...).

    Returns:
        The chosen option, always one of ``options``.
    """
    memo = f"{key}.chosen"
    start = current(widget_key(key, lang), options, value if value is not None else st.session_state.get(memo))
    got = widget(
        label, list(options), list(options).index(start), key=widget_key(key, lang), format_func=format_func, **kwargs
    )
    chosen: T = got if member(got, options) else start
    st.session_state[memo] = chosen
    return chosen
