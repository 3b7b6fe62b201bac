"""Synthetic data at load-test volume ("scale data"): thousands of generated learners with
designations, progress and evidence.

For load tests and capacity benchmarks (``flask lms demo --learners 10000``, and
``bench/capacity_bench.py``). The data is DETERMINISTIC for a given ``(learners, seed)``: every
choice comes from one ``random.Random(seed)`` and every timestamp derives from the fixed
:data:`BASE_DATE`, never from the clock. :func:`plan` computes the rows without touching the
database; :func:`generate_scale_data` inserts them with bulk Core inserts, then rebuilds the
capacity roll-ups as of :data:`BASE_DATE`.

What is generated:

- learners spread over the CAREC countries with uneven weights (most in Pakistan, China,
  Kazakhstan and Uzbekistan; every country has at least one when there are enough learners),
  gender female / male / unrecorded about 45 / 50 / 5 %, e-mail
  ``scale<seed>-<n>@scale.cartif-lms.org``. All generated accounts share the password
  :data:`SCALE_PASSWORD` (hashed once): they are not meant for signing in;
- per country: one or two chief negotiators; per negotiating area one or two lead negotiators
  (except in about one (country, area) pair in eight, left uncovered on purpose), several
  technical experts and a few observers; at most 70 % of a country's learners are designated,
  the others are not;
- completions: every learner works through the cross-cutting (modular) tracks, then the deep
  dive of their designation's area (a random area when they have none), then further deep dives
  (workshops are open to everyone), each track in reading order, finishing a leading share of
  it (a Beta-like share with mean about 0.8, a third of tracks in full). The number of further
  deep dives is chosen so that a learner has about ``rows_per_learner`` completions on average
  (100 by default: about a million rows for 10,000 learners with the shipped curriculum); pass
  ``rows_per_learner=0`` for the cross-cutting tracks and the own deep dive only (about 55
  rows each). Completion times rise in reading order within the nine months before
  :data:`BASE_DATE`; fully finished tracks get a track completion;
- evidence: a few quiz results (level 1-2) per learner, accepted drafting reviews (level 2-3)
  for some, trainers' assessments for a few, on competencies of the learner's area and on
  cross-cutting ones, observed within the three years before :data:`BASE_DATE`.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from werkzeug.security import generate_password_hash

from .. import db
from ..auth.models import Gender, Role, User
from ..capacity import rollups
from ..capacity.models import Evidence, EvidenceSource
from ..content.models import Item, Module, Track, TrackKind
from ..directory.models import Competency, Country, Designation, DesignationKind, NegotiatingArea
from ..learning.models import Completion, CompletionStatus, TrackCompletion

#: Every generated timestamp derives from this date, so a seed always gives the same rows.
BASE_DATE = date(2026, 3, 1)
BASE = datetime(BASE_DATE.year, BASE_DATE.month, BASE_DATE.day)
#: Shared by every generated account (documented: scale accounts are for load tests only).
SCALE_PASSWORD = "scale-data-2026"
SCALE_DOMAIN = "scale.cartif-lms.org"
DESIGNATION_FROM = date(2026, 1, 15)
DESIGNATION_UNTIL = date(2029, 1, 15)
#: Average completions per learner the plan aims at (see the module docstring).
ROWS_PER_LEARNER = 100
CHUNK = 20_000

#: Share of a track finished: in full with probability FULL_TRACK, else Beta(3, 1.3).
FULL_TRACK = 0.35
SHARE_ALPHA, SHARE_BETA = 3.0, 1.3
MEAN_SHARE = FULL_TRACK + (1 - FULL_TRACK) * SHARE_ALPHA / (SHARE_ALPHA + SHARE_BETA)
#: At most this share of a country's learners hold a designation.
DESIGNATED_SHARE = 0.7
#: Share of (country, area) pairs left without a lead negotiator.
UNCOVERED_SHARE = 0.12
#: Completions fall between this many days before BASE_DATE and the day before it.
ACTIVITY_DAYS = (60, 270)
EVIDENCE_DAYS = 365 * rollups.EVIDENCE_YEARS - 5

#: Relative number of learners per country (unknown countries weigh 3).
COUNTRY_WEIGHTS = {
    "PK": 22,
    "CN": 18,
    "KZ": 14,
    "UZ": 14,
    "AF": 7,
    "AZ": 5,
    "KG": 5,
    "TJ": 5,
    "MN": 4,
    "TM": 3,
    "GE": 3,
}


def _family(*names: str) -> tuple[tuple[str, str], ...]:
    """Family names that are the same for women and men."""
    return tuple((name, name) for name in names)


def _gendered(*stems: str) -> tuple[tuple[str, str], ...]:
    """(male, female) family names such as Aliyev / Aliyeva."""
    return tuple((stem, stem + "a") for stem in stems)


@dataclass(frozen=True)
class NamePool:
    female: tuple[str, ...]
    male: tuple[str, ...]
    #: (male form, female form)
    family: tuple[tuple[str, str], ...]
    family_first: bool = False


NAMES: dict[str, NamePool] = {
    "AF": NamePool(
        ("Fatima", "Mariam", "Zahra", "Laila", "Nazanin", "Parwana"),
        ("Ahmad", "Farid", "Hamid", "Karim", "Mohammad", "Nasir"),
        _family("Rahimi", "Ahmadzai", "Haidari", "Karimi", "Noori", "Sultani", "Wardak", "Popal"),
    ),
    "AZ": NamePool(
        ("Aysel", "Gunel", "Leyla", "Nigar", "Sevinj", "Narmin"),
        ("Elvin", "Rashad", "Orkhan", "Tural", "Farid", "Kamran"),
        _gendered("Mammadov", "Aliyev", "Huseynov", "Hasanov", "Guliyev", "Ismayilov"),
    ),
    "CN": NamePool(
        ("Fang", "Jing", "Lin", "Min", "Xiu", "Yan"),
        ("Wei", "Jun", "Hao", "Lei", "Tao", "Qiang"),
        _family("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang"),
        family_first=True,
    ),
    "GE": NamePool(
        ("Nino", "Tamar", "Mariam", "Ana", "Salome", "Ketevan"),
        ("Giorgi", "Davit", "Levan", "Irakli", "Nikoloz", "Zurab"),
        _family("Beridze", "Kapanadze", "Gelashvili", "Lomidze", "Maisuradze", "Tsiklauri"),
    ),
    "KZ": NamePool(
        ("Aigerim", "Saule", "Dana", "Aliya", "Gulnara", "Madina"),
        ("Daniyar", "Yerlan", "Nurlan", "Askar", "Arman", "Timur"),
        _gendered("Akhmetov", "Suleimenov", "Zhaksylykov", "Omarov", "Bekov", "Tulegenov"),
    ),
    "KG": NamePool(
        ("Aizada", "Aida", "Cholpon", "Elnura", "Gulzat", "Begimai"),
        ("Azamat", "Bakyt", "Emil", "Kanat", "Nurbek", "Tilek"),
        _gendered("Toktogulov", "Asanov", "Abdyldaev", "Mamytov", "Sadykov", "Usenov"),
    ),
    "MN": NamePool(
        ("Oyunchimeg", "Enkhjargal", "Sarantuya", "Bolormaa", "Nomin", "Tsetsegmaa"),
        ("Bat-Erdene", "Ganbold", "Temuulen", "Munkhbat", "Erdenebat", "Tuvshin"),
        _family("Batbayar", "Dorj", "Ganbaatar", "Purevdorj", "Tserendorj", "Sukhbaatar"),
    ),
    "PK": NamePool(
        ("Ayesha", "Fatima", "Sana", "Hina", "Maryam", "Nida"),
        ("Ahmed", "Ali", "Bilal", "Hassan", "Imran", "Usman"),
        _family("Siddiqui", "Khan", "Qureshi", "Malik", "Chaudhry", "Baloch", "Shah", "Hussain"),
    ),
    "TJ": NamePool(
        ("Firuza", "Malika", "Nigina", "Zarina", "Mehrangez", "Shahnoza"),
        ("Firuz", "Jamshed", "Rustam", "Farhod", "Bahrom", "Daler"),
        _gendered("Saidov", "Rahimov", "Nazarov", "Karimov", "Sharipov", "Rahmonov"),
    ),
    "TM": NamePool(
        ("Maral", "Ogulgerek", "Jemal", "Aynur", "Gulshat", "Selbi"),
        ("Merdan", "Serdar", "Dovlet", "Batyr", "Annamyrat", "Rustem"),
        _gendered("Orazov", "Atayev", "Berdiyev", "Hojayev", "Annayev", "Gurbanov"),
    ),
    "UZ": NamePool(
        ("Dilnoza", "Gulnora", "Nodira", "Madina", "Sevara", "Zilola"),
        ("Jasur", "Bekzod", "Sardor", "Otabek", "Rustam", "Aziz"),
        _gendered("Karimov", "Yusupov", "Rakhimov", "Usmonov", "Ergashev", "Mirzaev"),
    ),
}
FALLBACK_NAMES = NamePool(
    ("Amina", "Dina", "Lola", "Sara"), ("Adil", "Omar", "Ravshan", "Samir"), _family("Nazari")
)


# --- what the plan works from ---------------------------------------------------------------


@dataclass(frozen=True)
class TrackInfo:
    id: int
    slug: str
    kind: str  #: "modular" (cross-cutting) or "workshop" (deep dive)
    area: str | None  #: area code of a deep dive
    items: tuple[int, ...]  #: active item ids in reading order


@dataclass(frozen=True)
class Curriculum:
    """The reference data and curriculum a plan draws on (ids as in the database)."""

    countries: tuple[tuple[str, int], ...]  #: (code, id)
    areas: tuple[tuple[str, int], ...]  #: (code, id) of the active negotiating areas
    tracks: tuple[TrackInfo, ...]  #: modular tracks in the order learners take them, workshops
    competencies: tuple[tuple[int, str | None], ...] = ()  #: (id, area code or None)
    #: The trainer recorded on generated assessments (None: no trainer account).
    assessor_id: int | None = None


_LEVEL_ORDER = {"basic": 0, "intermediate": 1, "advanced": 2}


def load_curriculum() -> Curriculum:
    """Read the countries, areas, active tracks and competencies from the database."""
    countries = tuple(db.session.execute(select(Country.code, Country.id).order_by(Country.code)))
    areas = tuple(
        db.session.execute(
            select(NegotiatingArea.code, NegotiatingArea.id)
            .where(NegotiatingArea.active.is_(True))
            .order_by(NegotiatingArea.position, NegotiatingArea.code)
        )
    )
    area_codes = dict(db.session.execute(select(NegotiatingArea.id, NegotiatingArea.code)).all())
    items: dict[int, list[int]] = {}
    for track_id, item_id in db.session.execute(
        select(Module.track_id, Item.id)
        .join(Module, Module.id == Item.module_id)
        .where(Item.retired_at.is_(None), Module.retired_at.is_(None))
        .order_by(Module.track_id, Module.position, Module.slug, Item.position, Item.slug)
    ):
        items.setdefault(track_id, []).append(item_id)
    tracks = db.session.scalars(
        select(Track).where(
            Track.retired_at.is_(None), Track.kind.in_([TrackKind.modular, TrackKind.workshop])
        )
    ).all()
    ordered = sorted(
        (t for t in tracks if items.get(t.id)),
        key=lambda t: (t.kind != TrackKind.modular, _LEVEL_ORDER.get(t.level.value, 3), t.slug),
    )
    competencies = tuple(
        (row.id, area_codes.get(row.area_id) if row.area_id else None)
        for row in db.session.execute(
            select(Competency.id, Competency.area_id)
            .where(Competency.retired_at.is_(None))
            .order_by(Competency.code)
        )
    )
    assessor_id = db.session.scalar(
        select(func.min(User.id)).where(User.role == Role.trainer, User.active.is_(True))
    )
    return Curriculum(
        countries=tuple((code, id_) for code, id_ in countries),
        areas=tuple((code, id_) for code, id_ in areas),
        tracks=tuple(
            TrackInfo(
                t.id,
                t.slug,
                t.kind.value,
                area_codes.get(t.area_id) if t.area_id else None,
                tuple(items[t.id]),
            )
            for t in ordered
        ),
        competencies=competencies,
        assessor_id=assessor_id,
    )


# --- the plan --------------------------------------------------------------------------------


@dataclass
class ScalePlan:
    """The rows to insert. ``user_id`` holds the learner's number (0-based) in a plan;
    :func:`generate_scale_data` substitutes the ids the database gives the accounts. User rows
    carry no password hash (it is salted, so it would differ between runs)."""

    users: list[dict[str, Any]] = field(default_factory=list)
    designations: list[dict[str, Any]] = field(default_factory=list)
    completions: list[dict[str, Any]] = field(default_factory=list)
    track_completions: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Activity:
    completions: list[dict[str, Any]]
    track_completions: list[dict[str, Any]]
    evidence: list[dict[str, Any]]


def email_prefix(seed: int) -> str:
    return f"scale{seed}-"


def scale_email(seed: int, number: int) -> str:
    return f"{email_prefix(seed)}{number:05d}@{SCALE_DOMAIN}"


class _Planner:
    """Draws every choice from one ``random.Random(seed)``, in a fixed order: the people, then
    the designations, then each learner's activity in turn (so the activity can be streamed)."""

    def __init__(
        self, learners: int, seed: int, curriculum: Curriculum, rows_per_learner: int
    ) -> None:
        if learners < 1:
            raise ValueError("learners must be at least 1")
        if not curriculum.countries:
            raise ValueError("no countries: load the reference data first (flask lms init-db)")
        if not curriculum.tracks:
            raise ValueError("no curriculum: sync the content first (flask lms sync)")
        self.learners = learners
        self.seed = seed
        self.curriculum = curriculum
        self.rng = random.Random(seed)
        self.area_ids = dict(curriculum.areas)
        self.country_ids = dict(curriculum.countries)
        self.modular = [t for t in curriculum.tracks if t.kind == TrackKind.modular]
        self.workshops = [t for t in curriculum.tracks if t.kind == TrackKind.workshop]
        self.workshop_areas = sorted({t.area for t in self.workshops if t.area in self.area_ids})
        self.extra_workshops = self._extra_workshops(rows_per_learner)
        self.users: list[dict[str, Any]] = []
        self.starts: list[datetime] = []
        self.areas: list[str | None] = [None] * learners
        self._people()
        self.designations: list[dict[str, Any]] = []
        self._designate()

    def _extra_workshops(self, rows_per_learner: int) -> float:
        """How many deep dives besides their own a learner takes, on average, to reach about
        ``rows_per_learner`` completions."""
        if not rows_per_learner or not self.workshops:
            return 0.0
        mean_workshop = sum(len(t.items) for t in self.workshops) / len(self.workshops)
        own = mean_workshop if self.workshop_areas else 0.0
        attempted = sum(len(t.items) for t in self.modular) + own
        wanted = rows_per_learner / MEAN_SHARE - attempted
        available = len(self.workshops) - (1 if own else 0)
        return min(max(wanted / mean_workshop, 0.0), float(available))

    # people

    def _people(self) -> None:
        rng = self.rng
        codes = [code for code, _id in self.curriculum.countries]
        weights = [COUNTRY_WEIGHTS.get(code, 3) for code in codes]
        assigned = list(codes) if self.learners >= len(codes) else []
        assigned += rng.choices(codes, weights, k=self.learners - len(assigned))
        rng.shuffle(assigned)
        for number, code in enumerate(assigned):
            draw = rng.random()
            gender = Gender.female if draw < 0.45 else Gender.male if draw < 0.95 else None
            start = BASE - timedelta(
                days=rng.randint(*ACTIVITY_DAYS), seconds=rng.randint(0, 86_399)
            )
            self.starts.append(start)
            self.users.append(
                {
                    "email": scale_email(self.seed, number),
                    "name": self._name(code, gender),
                    "role": Role.learner,
                    "country_id": self.country_ids[code],
                    "gender": gender,
                    "active": True,
                    "locale": None,
                    "created_at": start - timedelta(days=rng.randint(1, 30)),
                    "last_login_at": None,
                }
            )

    def _name(self, code: str, gender: Gender | None) -> str:
        rng = self.rng
        pool = NAMES.get(code, FALLBACK_NAMES)
        female = gender is Gender.female or (gender is None and rng.random() < 0.5)
        given = rng.choice(pool.female if female else pool.male)
        family = rng.choice(pool.family)[1 if female else 0]
        return f"{family} {given}" if pool.family_first else f"{given} {family}"

    # designations

    def _designate(self) -> None:
        rng = self.rng
        pairs = [(c, a) for c, _ in self.curriculum.countries for a, _ in self.curriculum.areas]
        uncovered = set(rng.sample(pairs, max(1, round(len(pairs) * UNCOVERED_SHARE))))
        people: dict[int, list[int]] = {}
        for number, user in enumerate(self.users):
            people.setdefault(user["country_id"], []).append(number)
        created = datetime.combine(DESIGNATION_FROM, datetime.min.time()) + timedelta(hours=9)
        for code, country_id in self.curriculum.countries:
            members = people.get(country_id, [])
            rng.shuffle(members)
            areas = [a for a, _ in self.curriculum.areas]
            rng.shuffle(areas)
            chiefs = 2 if rng.random() < 0.4 else 1
            slots: list[tuple[DesignationKind, str | None]] = [
                (DesignationKind.chief_negotiator, None)
            ] * chiefs
            for area in areas:
                if (code, area) not in uncovered:
                    leads = 2 if rng.random() < 0.3 else 1
                    slots += [(DesignationKind.lead_negotiator, area)] * leads
            for area in areas:
                experts = rng.randint(2, 4 + len(members) // 200)
                slots += [(DesignationKind.technical_expert, area)] * experts
            for area in areas:
                slots += [(DesignationKind.observer, area)] * rng.randint(0, 2)
            cap = max(1, math.floor(len(members) * DESIGNATED_SHARE))
            for number, (kind, slot_area) in zip(members, slots[:cap], strict=False):
                self.areas[number] = slot_area
                self.designations.append(
                    {
                        "user_id": number,
                        "country_id": country_id,
                        "kind": kind,
                        "area_id": self.area_ids[slot_area] if slot_area else None,
                        "nominated_by_id": None,
                        "valid_from": DESIGNATION_FROM,
                        "valid_until": DESIGNATION_UNTIL,
                        "revoked_at": None,
                        "created_at": created,
                    }
                )
        self.designations.sort(key=lambda row: row["user_id"])

    # activity

    def activity(self, user_ids: Sequence[int]) -> Iterator[_Activity]:
        """Each learner's completions, track completions and evidence, learner by learner;
        ``user_ids[n]`` is the id written for learner ``n``."""
        for number in range(self.learners):
            yield self._learner_activity(number, user_ids[number])

    def _learner_activity(self, number: int, user_id: int) -> _Activity:
        rng = self.rng
        area = self.areas[number]
        if area is None and self.workshop_areas:
            area = rng.choice(self.workshop_areas)
        own = [t for t in self.workshops if t.area == area]
        others = [t for t in self.workshops if t.area != area]
        rng.shuffle(others)
        whole = int(self.extra_workshops)
        extra = whole + (1 if rng.random() < self.extra_workshops - whole else 0)
        plan = []
        for track in [*self.modular, *own, *others[:extra]]:
            share = 1.0 if rng.random() < FULL_TRACK else rng.betavariate(SHARE_ALPHA, SHARE_BETA)
            plan.append((track, round(share * len(track.items))))
        total = sum(done for _track, done in plan)
        start = self.starts[number]
        step = ((BASE - timedelta(days=1)) - start).total_seconds() / (total + 1)
        completions: list[dict[str, Any]] = []
        finished: list[dict[str, Any]] = []
        position = 0
        for track, done in plan:
            at = start
            for item_id in track.items[:done]:
                position += 1
                at = start + timedelta(seconds=int((position - rng.random() / 2) * step))
                completions.append(
                    {
                        "user_id": user_id,
                        "item_id": item_id,
                        "status": CompletionStatus.completed,
                        "started_at": at - timedelta(seconds=rng.randint(180, 2700)),
                        "completed_at": at,
                    }
                )
            if done and done == len(track.items):
                finished.append({"user_id": user_id, "track_id": track.id, "completed_at": at})
        return _Activity(completions, finished, self._evidence(user_id, area))

    def _evidence(self, user_id: int, area: str | None) -> list[dict[str, Any]]:
        rng = self.rng
        pool = [cid for cid, code in self.curriculum.competencies if code in (area, None)]
        if not pool:
            return []
        found: list[tuple[str, int, int | None, str]] = [
            ("quiz", 2 if rng.random() < 0.55 else 1, None, "Quiz (scale data)")
            for _ in range(rng.randint(1, 3))
        ]
        if rng.random() < 0.3:
            found.append(("drafting", rng.choice((2, 2, 3)), None, "Drafting review (scale data)"))
        if rng.random() < 0.1:
            assessor = self.curriculum.assessor_id
            found.append(("assessment", rng.randint(1, 3), assessor, "Assessment (scale data)"))
        return [
            {
                "user_id": user_id,
                "competency_id": rng.choice(pool),
                "level": level,
                "source": str(EvidenceSource(source)),
                "source_id": None,
                "observed_at": BASE
                - timedelta(days=rng.randint(1, EVIDENCE_DAYS), seconds=rng.randint(0, 86_399)),
                "recorded_by_id": recorded_by,
                "note": note,
            }
            for source, level, recorded_by, note in found
        ]


def plan(
    learners: int, seed: int, curriculum: Curriculum, *, rows_per_learner: int = ROWS_PER_LEARNER
) -> ScalePlan:
    """Every row :func:`generate_scale_data` would insert, without touching the database."""
    planner = _Planner(learners, seed, curriculum, rows_per_learner)
    result = ScalePlan(users=planner.users, designations=planner.designations)
    for activity in planner.activity(range(learners)):
        result.completions += activity.completions
        result.track_completions += activity.track_completions
        result.evidence += activity.evidence
    return result


# --- into the database -----------------------------------------------------------------------


@dataclass(frozen=True)
class ScaleReport:
    learners: int
    designations: int
    completions: int
    evidence: int
    seconds: float
    track_completions: int = 0

    def lines(self) -> list[str]:
        return [
            f"Scale data: {self.learners} learners, {self.designations} designations, "
            f"{self.completions} completions ({self.completions / max(self.learners, 1):.1f} "
            f"per learner), {self.track_completions} track completions, "
            f"{self.evidence} evidence rows in {self.seconds:.1f} s.",
            f"Generated accounts share the password {SCALE_PASSWORD!r} (load tests only).",
        ]


def _table(model: type[db.Base]) -> Table:
    """The mapped class's table: Core inserts there skip the ORM's per-row work."""
    return cast(Table, model.__table__)


def _insert(model: type[db.Base], rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(_table(model)), rows[start : start + CHUNK])


def generate_scale_data(
    learners: int, seed: int, *, rows_per_learner: int = ROWS_PER_LEARNER
) -> ScaleReport:
    """Insert ``learners`` generated learners and their designations, completions and evidence,
    then rebuild the capacity roll-ups as of :data:`BASE_DATE` (the caller commits).

    Needs the reference data and a synced curriculum; refuses a seed used before in this
    database (ValueError)."""
    began = time.perf_counter()
    curriculum = load_curriculum()
    if not curriculum.tracks:
        raise ValueError("no curriculum in the database: run `flask lms sync` first")
    taken = db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.email.like(f"{email_prefix(seed)}%@{SCALE_DOMAIN}"))
    )
    if taken:
        raise ValueError(f"scale data for seed {seed} exists already ({taken} accounts)")
    planner = _Planner(learners, seed, curriculum, rows_per_learner)

    password_hash = generate_password_hash(SCALE_PASSWORD)
    _insert(User, [{**row, "password_hash": password_hash} for row in planner.users])
    ids = dict(
        db.session.execute(
            select(User.email, User.id).where(
                User.email.like(f"{email_prefix(seed)}%@{SCALE_DOMAIN}")
            )
        ).all()
    )
    user_ids = [ids[row["email"]] for row in planner.users]
    _insert(
        Designation, [{**row, "user_id": user_ids[row["user_id"]]} for row in planner.designations]
    )

    completions: list[dict[str, Any]] = []
    finished: list[dict[str, Any]] = []
    evidence: list[dict[str, Any]] = []
    counts = {"completions": 0, "track_completions": 0, "evidence": 0}

    def flush(final: bool = False) -> None:
        tables: tuple[tuple[str, type[db.Base], list[dict[str, Any]]], ...] = (
            ("completions", Completion, completions),
            ("track_completions", TrackCompletion, finished),
            ("evidence", Evidence, evidence),
        )
        for key, model, rows in tables:
            if rows and (final or len(rows) >= CHUNK):
                db.session.execute(insert(_table(model)), rows)
                counts[key] += len(rows)
                rows.clear()

    for activity in planner.activity(user_ids):
        completions += activity.completions
        finished += activity.track_completions
        evidence += activity.evidence
        flush()
    flush(final=True)

    rollups.rebuild_all(now=BASE)
    db.session.flush()
    return ScaleReport(
        learners=learners,
        designations=len(planner.designations),
        completions=counts["completions"],
        evidence=counts["evidence"],
        seconds=time.perf_counter() - began,
        track_completions=counts["track_completions"],
    )
