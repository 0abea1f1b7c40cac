"""Dutch and English texts about refused or adjusted input (merged into :data:`webapp.i18n.TEXT`).

The messages of :mod:`webapp.limits` and :mod:`webapp.query`: each names the setting, the value
and what is allowed, so a user can correct a link or a file.
"""

from __future__ import annotations

# key -> (Dutch, English)
LIMITS_TEXT: dict[str, tuple[str, str]] = {
    "url_bad": (
        "Een instelling uit het adres is niet gebruikt zoals gegeven: {msg}",
        "A setting from the address was not used as given: {msg}",
    ),
    "limit_work": (
        "Deze vergelijking is te groot voor de app: {n} scenario's x {reps} herhalingen zijn samen {total} miljoen "
        "persoonsmaanden rekenwerk; de app rekent er per pagina hoogstens {ceiling} miljoen. Verlaag het aantal "
        "herhalingen, de instroom of de looptijd, of verwijder een scenario (grotere vergelijkingen: `sim compare`).",
        "This comparison is too large for the app: {n} scenarios x {reps} replications are {total} million "
        "person-months of simulation; the app computes at most {ceiling} million per page. Lower the replications, "
        "the inflow or the horizon, or remove a scenario (larger comparisons: `sim compare`).",
    ),
    "scenario_refused": (
        "Scenario '{name}' kan zo niet worden doorgerekend: {msg}",
        "Scenario '{name}' cannot be run like this: {msg}",
    ),
}
