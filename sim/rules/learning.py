"""Learning: course starts, the hours budget, dual tracks, education, Dutch and the exam.

Mechanisms 3-6, 12 and 14. A person's weekly hours are bounded: course hours plus work or
placement hours never exceed the hours they have (mechanism 4; care duties lower them). A
job takes its hours first and the course gets what is left, so a full-time job stalls the
language course unless a coordinator protects some course hours (mechanism 11). Dutch grows
with course hours, faster inside a dual track where language meets work (mechanism 5), and
slowly on the job alone (mechanism 3). Work-first pressure cuts course hours (mechanism 14).
The exam is A2 under the 2013 law and, as designed, B1 under the 2021 law (mechanism 12); how much
of the 2021 law's designed gains (B1 target, course quality) is realised is uncertain
(``law2021.*``, ``sim.extrapolation``).
"""

from __future__ import annotations

import math
from typing import NamedTuple, Protocol

import numpy as np
from numba import njit

from sim.rng import draw
from sim.rules.context import Derives, HasEmployers, HasLedger, HasPeople, HasStreams, Refreshes, Stacked, columns
from sim.rules.passes import marked
from sim.rules.segments import row, segment
from sim.states import (
    COURSE,
    DUAL,
    EDUCATION,
    EXAM_EXEMPT,
    EXAM_NONE,
    EXAM_PASSED,
    SEARCHING,
    is_job_seeker,
)

REFERENCE_COURSE_HOURS = 15.0  # hours a week behind behaviour.language_gain
EDUCATION_HOURS = 24.0  # study hours a week in the education route (assumption)
EDU_LANGUAGE = np.array([0.6, 1.0, 1.4])  # gain ratio by education (assumption; SCP literacy)
OLDER_LANGUAGE, BURDEN_LANGUAGE = 0.7, 0.8  # gain ratio aged 45+, untreated burden (assumption)
MAX_LANGUAGE = 4.0  # B2
EXAM_DEADLINE_WINDOW = 12  # months before the exam term in which the postponed exam is taken (assumption)
DUAL_ENDS, DUAL_CANDIDATE = 1, 2  # marks of the dual-track pass


class Context(Derives, HasPeople, HasStreams, HasLedger, Refreshes, Protocol):
    """What the learning rules read and write (dual tracks also read the employers' places)."""


class DualContext(Context, HasEmployers, Protocol):
    """Dual tracks also read the employers' learn-work places and the keyed priority order."""

    priority_rank: np.ndarray


class DualColumns(NamedTuple):
    """Person columns of the dual-track rule (all but ``course_active`` and ``lang`` updated)."""

    state: np.ndarray
    months_in_state: np.ndarray
    phase_end: np.ndarray
    course_active: np.ndarray
    ever_dual: np.ndarray
    lang: np.ndarray


class HourLevers(NamedTuple):
    """Course and work hours a week the levers set."""

    course: float  # learning.course_hours, less under work-first pressure
    dual_course: float  # learning.dual_course_hours
    dual_work: float  # learning.dual_work_hours


class Rates(NamedTuple):
    """Language gain, the exam and its term."""

    per_hour: float  # CEFR levels per course hour (regime quality included)
    synergy: float  # gain ratio of a course hour inside a dual track
    per_work_hour: float  # CEFR levels per hour of work or placement
    exam_level: float  # level the exam requires (B1 = 3 under the 2021 law, A2 = 2 under 2013)
    pass_chance: float  # monthly chance of passing once at that level
    exemption: float  # chance of an exemption at the term for those not ready
    term: int  # months after the course starts by which the exam is due
    early_pass_ratio: float  # pass chance before the term's last EXAM_DEADLINE_WINDOW months, relative


class Columns(NamedTuple):
    """Person columns of the learning month (hours, ``lang``, ``exam`` and the state updated)."""

    state: np.ndarray
    months_in_state: np.ndarray
    hours: np.ndarray
    job_hours: np.ndarray
    course_active: np.ndarray
    course_hours: np.ndarray
    work_hours: np.ndarray
    lang: np.ndarray
    lang_mult: np.ndarray
    older_from: np.ndarray
    exam: np.ndarray
    course_from: np.ndarray
    pid: np.ndarray


def exam_level(ctx: Derives) -> float:
    """Language level of the integration exam: A2 (2013 law) or A2 + ``law2021.b1_target`` (2021 law).

    B1 (3) as the 2021 law designed it; the share realised is uncertain (``sim.extrapolation``).
    """
    if int(ctx.p["regime.law"]) == 2021:
        return 2.0 + float(ctx.p["law2021.b1_target"])
    return 2.0


def start_courses(ctx: Context, month: int) -> None:
    """Start the integration duty of those whose course month has come; charge the course."""
    ph = ctx.people
    started = _start_courses_kernel(ph.n_active, month, ph.course_from, ph.course_active, ph.state, ph.months_in_state)
    if int(ctx.p["regime.law"]) == 2021:
        ctx.ledger.add("course", month, started * float(ctx.p["costs.course_eur"]))


def start_courses_stacked(runs: Stacked, month: int) -> None:
    """:func:`start_courses` of every stacked run in one compiled call."""
    ph, started = runs.people, np.empty(len(runs.n_active), dtype=np.int64)
    cols = (ph.course_from, ph.course_active, ph.state, ph.months_in_state)
    _start_courses_stacked(runs.starts, runs.n_active, month, cols, started)
    law2021 = runs.stacked(_law2021)
    runs.book("course", month, started * runs.stacked(_course_cost), where=law2021)


def _law2021(ctx: Derives) -> bool:
    return int(ctx.p["regime.law"]) == 2021


def _course_cost(ctx: Derives) -> float:
    return float(ctx.p["costs.course_eur"])


@njit(cache=True, nogil=True)
def _start_courses_stacked(starts, n_active, month, cols, started):
    """:func:`_start_courses_kernel` on each run's segment; ``started`` per run."""
    for r in range(len(n_active)):
        course_from, course_active, state, months_in_state = segment(cols, starts[r], starts[r + 1])
        started[r] = _start_courses_kernel(n_active[r], month, course_from, course_active, state, months_in_state)


@njit(cache=True, nogil=True, inline="always")
def _start_courses_kernel(n, month, course_from, course_active, state, months_in_state):
    """Per person whose course month is now (not in the education route): the course starts.

    Job seekers and volunteers move to the course; others (in work, in COA) keep their state.
    Returns the number of courses started.
    """
    started = 0
    for i in range(n):
        if course_from[i] == month and not course_active[i] and state[i] != EDUCATION:
            course_active[i] = True
            started += 1
            if is_job_seeker(state[i]):
                state[i], months_in_state[i] = COURSE, 0
    return started


def _hour_levers(ctx: Derives) -> HourLevers:
    """Course hours under work-first pressure, and the dual track's course and work hours a week."""
    p = ctx.p
    wf_cut = float(p["learning.work_first"]) * float(p["effects.work_first_course_cut"])
    course_h = float(p["learning.course_hours"]) * (1.0 - wf_cut)
    return HourLevers(course_h, float(p["learning.dual_course_hours"]), float(p["learning.dual_work_hours"]))


@njit(cache=True, inline="always")
def _hours(s, avail, job_h, active, levers):
    """Course and work hours of one person: the job first, the course gets what is left.

    Written with selects rather than branches: states are mixed, so branches mispredict.
    ``levers``: :class:`HourLevers`, a tuple of floats (an array passed per call costs a
    reference count; the tuple measured 3.5 times faster in :func:`allocate_hours`).
    """
    is_dual = s == DUAL
    scale = min(1.0, avail / max(levers.dual_course + levers.dual_work, 1e-9))
    base = levers.course if s == COURSE else (EDUCATION_HOURS if s == EDUCATION else 0.0)
    course = levers.dual_course * scale if is_dual else min(base, avail)
    work = levers.dual_work * scale if is_dual else job_h
    return (min(levers.course, max(avail - job_h, 0.0)) if job_h > 0 and active else course), work


def allocate_hours_stacked(runs: Stacked, month: int) -> None:
    """:func:`allocate_hours` of every stacked run in one compiled call."""
    _hours_stacked(runs.starts, runs.n_active, columns(Columns, runs.people), runs.rates(_hour_levers))


@njit(cache=True)
def _hours_stacked(starts, n_active, cols, levers):
    """:func:`_hours_kernel` on each run's segment with its levers."""
    for r in range(len(n_active)):
        _hours_kernel(n_active[r], segment(cols, starts[r], starts[r + 1]), row(levers, r))


def allocate_hours(ctx: Context) -> None:
    """Set this month's course and work hours of everyone within their hours budget."""
    ph = ctx.people
    _hours_kernel(ph.n_active, columns(Columns, ph), tuple(ctx.derived(_hour_levers)))


@njit(cache=True, inline="always")
def _hours_kernel(n, cols, levers):
    """Per person: course and work hours within the budget (:class:`Columns`, :class:`HourLevers` as tuples)."""
    cols, levers = Columns(*cols), HourLevers(*levers)
    state, hours, job_hours, course_active = cols.state, cols.hours, cols.job_hours, cols.course_active
    course_hours, work_hours = cols.course_hours, cols.work_hours
    for i in range(n):
        course_hours[i], work_hours[i] = _hours(state[i], hours[i], job_hours[i], course_active[i], levers)


def language_multiplier(ctx: HasPeople, idx: np.ndarray, column: np.ndarray | None = None) -> np.ndarray:
    """Language-gain ratio of persons from education and an untreated health burden.

    Returns:
        The ratios of ``idx`` in order, or ``column`` with them written at ``idx`` if given.
    """
    ph = ctx.people
    out = np.empty(len(idx)) if column is None else column
    _language_multiplier_kernel(np.asarray(idx), ph.edu, ph.burden, ph.treated, EDU_LANGUAGE, out, column is not None)
    return out


def language_multiplier_stacked(runs: Stacked, local: np.ndarray, offsets: np.ndarray) -> None:
    """:func:`language_multiplier` into ``lang_mult`` of run ``r``'s persons ``local[offsets[r]:offsets[r + 1]]``."""
    ph = runs.people
    _language_stacked(runs.starts, local, offsets, (ph.edu, ph.burden, ph.treated, ph.lang_mult))


@njit(cache=True, nogil=True)
def _language_stacked(starts, local, offsets, cols):
    """:func:`_language_multiplier_kernel` of each run's persons on its segment."""
    for r in range(len(offsets) - 1):
        if offsets[r + 1] > offsets[r]:
            edu, burden, treated, lang_mult = segment(cols, starts[r], starts[r + 1])
            idx = local[offsets[r] : offsets[r + 1]]
            _language_multiplier_kernel(idx, edu, burden, treated, EDU_LANGUAGE, lang_mult, True)


@njit(cache=True, nogil=True, inline="always")
def _language_multiplier_kernel(idx, edu, burden, treated, edu_ratio, out, at_person):
    """Per person: the education ratio times the untreated-burden ratio (at ``out[idx[k]]`` if ``at_person``)."""
    for k in range(len(idx)):
        i = idx[k]
        out[i if at_person else k] = edu_ratio[edu[i]] * (BURDEN_LANGUAGE if burden[i] and not treated[i] else 1.0)


def _learning_rates(ctx: Derives) -> Rates:
    """The rates from the behaviour parameters and the law (quality of the course, the exam)."""
    p = ctx.p
    quality = float(p["effects.regime2013_quality"])
    if int(p["regime.law"]) == 2021:  # the designed gain over 2013, realised in part (law2021.course_quality)
        quality += float(p["law2021.course_quality"]) * (1.0 - quality)
    return Rates(
        per_hour=float(p["behaviour.language_gain"]) * quality / REFERENCE_COURSE_HOURS,
        synergy=float(p["effects.dual_language_synergy"]),
        per_work_hour=float(p["behaviour.work_language_gain"]) / 24.0,
        exam_level=exam_level(ctx),
        pass_chance=float(p["behaviour.exam_monthly_pass"]),
        exemption=float(p["behaviour.exemption_at_term"]),
        term=int(p["regime.exam_term_months"]),
        early_pass_ratio=early_exam_ratio(ctx),
    )


def early_exam_ratio(ctx: Derives) -> float:
    """Pass chance before the last year of the exam term relative to the last year.

    Under the 2013 law people found and paid the course and exam themselves and many put the
    exam off until the term came near (``effects.regime2013_early_exam_ratio``; CBS: 6% passed
    at ~2 years, 58% at ~4 years, T3-137, T3-138); the 2021 law's municipal course has no such
    postponement (1.0).
    """
    if int(ctx.p["regime.law"]) == 2021:
        return 1.0
    return float(ctx.p["effects.regime2013_early_exam_ratio"])


def learning_month(ctx: Context, month: int) -> None:
    """Hours within the budget, Dutch growing with course hours, and exams, for everyone.

    Dutch grows with course hours (more in a dual track, less at 45+ or with an untreated
    burden) and a little through work. The exam is passed at the required level with a
    monthly chance; at the exam term those not ready may get an exemption.
    """
    ph = ctx.people
    levers, rates = tuple(ctx.derived(_hour_levers)), tuple(ctx.derived(_learning_rates))
    key = ctx.streams.key("exam", month)
    _learning_kernel(ph.n_active, month, columns(Columns, ph), ph.fixed["exemption"], levers, rates, key)


def learning_month_stacked(runs: Stacked, month: int) -> None:
    """:func:`learning_month` of every stacked run in one compiled call."""
    levers, rates = runs.rates(_hour_levers), runs.rates(_learning_rates)
    (keys,) = runs.keys(("exam",), month)
    cols, u_exempt = columns(Columns, runs.people), runs.people.fixed["exemption"]
    _learning_stacked(runs.starts, runs.n_active, month, cols, u_exempt, levers, rates, keys)


@njit(cache=True, nogil=True)
def _learning_stacked(starts, n_active, month, cols, u_exempt, levers, rates, keys):
    """:func:`_learning_kernel` on each run's segment with its levers, rates and key."""
    for r in range(len(n_active)):
        lo, hi = starts[r], starts[r + 1]
        seg, lv, rt = segment(cols, lo, hi), row(levers, r), row(rates, r)
        _learning_kernel(n_active[r], month, seg, u_exempt[lo:hi], lv, rt, keys[r])


@njit(cache=True, nogil=True, inline="always")
def _learning_kernel(n, month, cols, u_exempt, levers, rates, key):
    """Per person: hours within the budget, Dutch gained, then the exam or an exemption.

    A vectorised pass marks the persons who pass the exam or get an exemption
    (:func:`_gain_pass`); only they are updated after it (see ``sim.rules.passes``).
    ``cols``, ``levers``, ``rates``: :class:`Columns`, :class:`HourLevers`, :class:`Rates` as tuples.
    """
    cols, levers, rates = Columns(*cols), HourLevers(*levers), Rates(*rates)
    result = np.empty(n, dtype=np.int8)
    _gain_pass(n, month, cols, u_exempt, levers, rates, key, result)
    state, months_in_state, exam, course_active = cols.state, cols.months_in_state, cols.exam, cols.course_active
    for i in marked(result):  # the integration duty is met by passing the exam or an exemption
        exam[i], course_active[i] = result[i], False
        if state[i] == COURSE:
            state[i], months_in_state[i] = SEARCHING, 0


@njit(cache=True, nogil=True, inline="always")
def _gain_pass(n, month, cols, u_exempt, levers, rates, key, result):
    """Hours, Dutch gained, and per person the exam result this month (EXAM_NONE: none) in ``result``.

    Branch-free, levers and rates read into scalars first (see :func:`_hours`): every term
    is a pure function of the person's values, so computing them all changes no decision.
    """
    state, hours, job_hours, course_active = cols.state, cols.hours, cols.job_hours, cols.course_active
    course_hours, work_hours, lang, lang_mult = cols.course_hours, cols.work_hours, cols.lang, cols.lang_mult
    older_from, course_from, pid = cols.older_from, cols.course_from, cols.pid
    per_hour, synergy, per_work_hour = rates.per_hour, rates.synergy, rates.per_work_hour
    level, pass_chance, exemption, term = rates.exam_level, rates.pass_chance, rates.exemption, rates.term
    early_chance = pass_chance * rates.early_pass_ratio  # before the term's last months (2013 law)
    for i in range(n):
        s, active = state[i], course_active[i]
        c, w = _hours(s, hours[i], job_hours[i], active, levers)
        course_hours[i], work_hours[i] = c, w
        gain = c * lang_mult[i]
        gain *= per_hour
        gain *= OLDER_LANGUAGE if older_from[i] <= month else 1.0  # times 1.0: exact
        gain *= synergy if s == DUAL else 1.0
        gain += min(w, 24.0) * per_work_hour
        gain += lang[i]
        level_now = min(gain, MAX_LANGUAGE)
        lang[i] = level_now
        ready = level_now >= level
        early = month - course_from[i] < term - EXAM_DEADLINE_WINDOW
        passed = ready & (draw(pid[i], key) < (early_chance if early else pass_chance))
        exempt = (not ready) & (month - course_from[i] == term) & (u_exempt[i] < exemption)
        got = EXAM_PASSED if passed else (EXAM_EXEMPT if exempt else EXAM_NONE)
        result[i] = got if active & (s != EDUCATION) else EXAM_NONE


def dual_tracks(ctx: DualContext, month: int, n_clients: int) -> None:
    """End finished dual tracks; fill free places with eligible course participants.

    Places are ``learning.dual_places_per_100`` per 100 clients (less after the extra money
    stops), at most what employers offer, rounded up or down by one keyed draw per run (not
    per month: a monthly draw would let tracks started at a high month outlast the low ones),
    so that a small municipality has on average as many places per client as a large one;
    eligible are course participants at the minimum Dutch level who have not had a dual
    track, taken in the order of their priority draw.
    """
    ph, p = ctx.people, ctx.p
    places = p.now("learning.dual_places_per_100") * n_clients / 100.0
    places = min(places, sum(ctx.employer_table.learn_work_places.tolist()))
    places = math.floor(places + ctx.streams.scalar("dual_places", -1))
    cols, min_lang = columns(DualColumns, ph), float(p["learning.dual_min_language"])
    end = month + int(p["learning.dual_months"])
    n_dual = _dual_kernel(ph.n_active, month, cols, min_lang, int(places), ctx.priority_rank, end)
    ctx.ledger.add("dual_tracks", month, n_dual * float(p["costs.dual_place_eur_month"]))


def first_in_priority(idx: np.ndarray, rank: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` persons of ``idx`` first in the keyed priority order (all if ``k >= len(idx)``).

    The same persons as ``idx[np.argsort(priority[idx], kind="stable")[:k]]``, in the order
    of ``idx``: ``rank`` is each person's place in the stable priority order of the whole
    population (:func:`priority_rank`, no ties), so a partition of the candidates' ranks
    (linear time) replaces a sort of their priorities every month.
    """
    if k >= len(idx):
        return idx
    return _first_by_rank(idx, rank[idx], k)


@njit(cache=True, nogil=True, inline="always")
def _first_by_rank(idx, r, k):
    """The persons of ``idx`` whose rank ``r`` is among the ``k`` smallest (ranks are distinct)."""
    cut = _kth_smallest(r, k) if 32 * k < len(r) else np.partition(r, k - 1)[k - 1]  # measured crossover
    return idx[r <= cut]


@njit(cache=True, nogil=True)
def _kth_smallest(r, k):
    """The ``k``-th smallest of ``r``: one scan keeping the ``k`` smallest in a max-heap.

    For few places among many candidates (the usual month) this costs about one comparison
    per candidate, where a partition moves them all.
    """
    heap = r[:k].copy()
    for j in range(k // 2 - 1, -1, -1):
        _sift_down(heap, j)
    for j in range(k, len(r)):
        if r[j] < heap[0]:
            heap[0] = r[j]
            _sift_down(heap, 0)
    return heap[0]


@njit(cache=True, nogil=True)
def _sift_down(heap, j):
    """Restore the max-heap below position ``j``."""
    n = len(heap)
    while True:
        big, left = j, 2 * j + 1
        if left < n and heap[left] > heap[big]:
            big = left
        if left + 1 < n and heap[left + 1] > heap[big]:
            big = left + 1
        if big == j:
            return
        heap[j], heap[big] = heap[big], heap[j]
        j = big


def priority_rank(priority: np.ndarray) -> np.ndarray:
    """Each person's place (0 = first) in the stable order of their fixed priority draws.

    Distinct draws have one order, which the fast (unstable) sort finds; only if two draws
    are equal does the stable sort decide their order (by index).
    """
    order = np.argsort(priority)
    ranked = priority[order]
    if (ranked[1:] == ranked[:-1]).any():
        order = np.argsort(priority, kind="stable")
    rank = np.empty(len(priority), dtype=np.int64)
    rank[order] = np.arange(len(priority))
    return rank


@njit(cache=True, nogil=True, inline="always")
def _dual_kernel(n, month, cols, min_lang, places, rank, end):
    """End finished dual tracks, then fill the free places; returns the persons in one.

    A vectorised pass marks the finished tracks and the candidates (:func:`_dual_pass`); the
    loop over the marked persons ends the tracks and lists the candidates in person order
    with their priority rank, and the free places go to the first of them by rank.

    Args:
        n: Active persons.
        month: Calendar month.
        cols: :class:`DualColumns` as a plain tuple, updated.
        min_lang: Dutch needed for a dual track.
        places: Dual-track places this month (whole places).
        rank: Each person's place in the priority order (:func:`priority_rank`).
        end: The month a track started now ends.
    """
    cols = DualColumns(*cols)
    state, months_in_state, phase_end, ever_dual = cols.state, cols.months_in_state, cols.phase_end, cols.ever_dual
    course_active, lang = cols.course_active, cols.lang
    mark = np.empty(n, dtype=np.int8)
    n_dual = _dual_pass(n, month, state, phase_end, ever_dual, lang, min_lang, mark)
    idx = marked(mark)
    cand, cand_rank = np.empty(len(idx), dtype=np.int64), np.empty(len(idx), dtype=np.int64)
    k = 0
    for i in idx:
        if mark[i] == DUAL_ENDS:
            state[i], months_in_state[i] = (COURSE if course_active[i] else SEARCHING), 0
        else:
            cand[k], cand_rank[k] = i, rank[i]
            k += 1
    free = places - n_dual
    if free <= 0 or k == 0:
        return n_dual
    chosen = cand[:k] if free >= k else _first_by_rank(cand[:k], cand_rank[:k], free)
    for i in chosen:
        state[i], months_in_state[i], ever_dual[i], phase_end[i] = DUAL, 0, True, end
    return n_dual + len(chosen)


@njit(cache=True, nogil=True, inline="always")
def _dual_pass(n, month, state, phase_end, ever_dual, lang, min_lang, mark):
    """``mark``: DUAL_ENDS (a finished dual track), DUAL_CANDIDATE or 0; returns the tracks that go on."""
    n_dual = 0
    for i in range(n):
        s = state[i]
        dual = s == DUAL
        ends = dual & (phase_end[i] <= month)
        n_dual += dual & (not ends)
        eligible = (s == COURSE) & (not ever_dual[i]) & (lang[i] >= min_lang)
        mark[i] = DUAL_ENDS if ends else (DUAL_CANDIDATE if eligible else 0)
    return n_dual


class EducationColumns(NamedTuple):
    """Person columns of the end of the education route (all but ``phase_end`` updated)."""

    state: np.ndarray
    months_in_state: np.ndarray
    phase_end: np.ndarray
    credential: np.ndarray
    exam: np.ndarray
    course_active: np.ndarray


def finish_education(ctx: Context, month: int) -> None:
    """Education route completed: a recognised diploma; the integration duty is met."""
    ph = ctx.people
    done = _finish_education_kernel(ph.n_active, month, columns(EducationColumns, ph))
    if len(done):
        ctx.refresh_multipliers(done)  # the diploma raises the offer ratio


def finish_education_stacked(runs: Stacked, month: int) -> None:
    """:func:`finish_education` of every stacked run in one compiled call, the ratios refreshed stacked."""
    done, count = runs.scratch("education.done", np.int64), np.zeros(len(runs.n_active), dtype=np.int64)
    _finish_education_stacked(runs.starts, runs.n_active, month, columns(EducationColumns, runs.people), done, count)
    if count.any():  # the diploma raises the offer ratio
        offsets = np.concatenate(([0], np.cumsum(count)))
        runs.refresh_multipliers(done[: offsets[-1]], offsets, month)


@njit(cache=True, nogil=True)
def _finish_education_stacked(starts, n_active, month, cols, done, count):
    """:func:`_finish_education_kernel` on each run's segment.

    Run ``r``'s ``count[r]`` persons (indices in the run) follow those of the runs before it in ``done``.
    """
    k = 0
    for r in range(len(n_active)):
        got = _finish_education_kernel(n_active[r], month, segment(cols, starts[r], starts[r + 1]))
        done[k : k + len(got)] = got
        count[r] = len(got)
        k += len(got)


@njit(cache=True, nogil=True, inline="always")
def _finish_education_kernel(n, month, cols):
    """Per person whose education route ends now: diploma, exam met, back to job search.

    Returns the persons who finished. ``cols``: :class:`EducationColumns` as a plain tuple.
    """
    cols = EducationColumns(*cols)
    state, months_in_state = cols.state, cols.months_in_state
    done = np.empty(n, dtype=np.int64)
    k = 0
    for i in range(n):
        if (state[i] == EDUCATION) & (cols.phase_end[i] <= month):
            cols.credential[i], cols.exam[i], cols.course_active[i] = True, EXAM_PASSED, False
            state[i], months_in_state[i] = SEARCHING, 0
            done[k] = i
            k += 1
    return done[:k]
