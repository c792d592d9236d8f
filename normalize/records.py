"""Typed records that flow from ``normalize`` into ``schemas``.

Every field module returns these; the Arrow schema in ``schemas.arrow`` mirrors them.
"""
from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from typing import TypeVar

T = TypeVar("T")


def slot_init(cls: type[T]) -> type[T]:
    """Give a frozen slots dataclass an ``__init__`` that stores each field through its
    slot's descriptor: the one ``dataclass`` writes calls ``object.__setattr__`` per field
    (what ``frozen`` leaves it), ≈ 1.7× as slow, and the pipeline makes hundreds of records
    a document.  Same parameters, defaults and order; the class is otherwise untouched
    (still frozen, same ``__eq__``/``__hash__``/``__repr__``).  Only plain fields: a default
    factory, ``kw_only``, ``InitVar`` or ``__post_init__`` would need the generated code."""
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    own = fields(cls)  # type: ignore[arg-type]
    if (not params.frozen or "__slots__" not in cls.__dict__ or hasattr(cls, "__post_init__")
            or any(not f.init or f.kw_only or f.default_factory is not MISSING for f in own)
            or len(own) != len(cls.__dataclass_fields__)):  # type: ignore[attr-defined]
        raise TypeError(f"slot_init: {cls.__name__} is not a frozen slots dataclass of plain fields")
    names = [f.name for f in own]
    scope: dict[str, object] = {f"_set_{n}": cls.__dict__[n].__set__ for n in names}
    scope.update({f"_default_{f.name}": f.default for f in own if f.default is not MISSING})
    args = ", ".join(f.name if f.default is MISSING else f"{f.name}=_default_{f.name}" for f in own)
    body = "".join(f"    _set_{n}(self, {n})\n" for n in names) or "    pass\n"
    exec(f"def __init__(self, {args}):\n{body}", scope)  # noqa: S102 - names from fields()
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    init.__module__ = cls.__module__
    cls.__init__ = init  # type: ignore[misc]
    return cls


@slot_init
@dataclass(frozen=True, slots=True)
class Issue:
    """A warning attached to a row or a document: a stable code and a readable text."""

    code: str
    message: str


@slot_init
@dataclass(frozen=True, slots=True)
class Period:
    """What a date cell (and frequency wording in the activity) says about time."""

    start: date | None = None
    end: date | None = None
    recurrence: str | None = None  # weekly|monthly|quarterly|semiannual|annual|continuous
    issues: tuple[Issue, ...] = ()


@slot_init
@dataclass(frozen=True, slots=True)
class Executor:
    """One party from the executors cell: a body, role, person, school or group."""

    name: str  # as printed
    full_name: str | None = None  # from the order's "(далее – X)" or the shared glossary
    kind: str = "body"  # body, role, person, school, group
    category: str = "other"  # federal_operator, regional_authority, …, other
    person: str | None = None  # "Иванов Н.Е.": surname, then initials
    position: str | None = None  # "методист", "директор"
    organisation: str | None = None  # the position's organisation as printed
    organisation_full_name: str | None = None  # from the definitions or the glossary


@slot_init
@dataclass(frozen=True, slots=True)
class IndicatorTarget:
    """A numeric target an indicator states ("не менее 90 %" → 90, percent, >=)."""

    value: float
    unit: str  # "percent", "school", "curator", ... (normalized noun lemma) or ""
    comparison: str  # ">=", "<=", "=", ">", "<"
    text: str  # the matched text


@slot_init
@dataclass(frozen=True, slots=True)
class School:
    """A specific school, in the canonical form of the gold README plus its parts."""

    canonical: str
    legal_form: str | None = None  # МАОУ, МБОУ, ...
    kind: str | None = None  # СОШ, гимназия, лицей, ...
    number: str | None = None
    name: str | None = None  # the «» name without quotes
    honorific: str | None = None  # "им. А.К. Ерохина"
    locality: str | None = None  # "г. Липецк"
    full_name: str | None = None  # the full official name the order spells out, nominative


@slot_init
@dataclass(frozen=True, slots=True)
class RiskHit:
    """Evidence for a risk direction: which code, the text matched, and how."""

    code: int
    text: str
    method: str  # "number", "wording", "section", "lexicon", ...


@slot_init
@dataclass(frozen=True, slots=True)
class MilestoneHit:
    """Evidence for a milestone or activity kind: the key phrase, the words it matched, its role."""

    phrase: str
    text: str
    role: str  # milestone, exclude:<code>, head:<kind>, kind


@dataclass(slots=True)
class RawRow:
    """An activity row as the table assembly placed it, before field parsing."""

    section: str | None
    item_no: str
    activity: str
    period_raw: str | None
    executors_raw: str | None
    indicator: str | None
    extra: dict[str, str]
    page: int
    issues: list[Issue] = field(default_factory=list)
    task: str | None = None  # the task / goal cell, where a separate activity column exists
    merged_from: list[str] = field(default_factory=list)  # fields inherited from merged cells


@dataclass(slots=True)
class ActivityRecord:
    """One normalized activity row: the raw cells plus every parsed field."""

    row: RawRow
    period: Period = field(default_factory=Period)
    done: bool = False
    executors: list[Executor] = field(default_factory=list)
    indicator_targets: list[IndicatorTarget] = field(default_factory=list)
    risk_directions: list[int] = field(default_factory=list)
    risk_evidence: list[RiskHit] = field(default_factory=list)
    risk_topics: list[int] = field(default_factory=list)
    risk_topic_evidence: list[RiskHit] = field(default_factory=list)
    schools: list[School] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    milestone: str | None = None  # federal milestone code (schemas/milestones.toml)
    activity_kind: str | None = None  # federal_milestone or a kind of regional initiative
    milestone_evidence: list[MilestoneHit] = field(default_factory=list)


@dataclass(slots=True)
class DocumentMeta:
    """What the order says about itself."""

    issuer: str | None = None
    order_type: str | None = None  # "приказ" | "распоряжение"
    order_number: str | None = None
    order_date: date | None = None
    level: str | None = None  # "regional" | "municipal" | "school"
    region: str | None = None
    region_code: str | None = None
    municipality: str | None = None
    year: int | None = None
    issues: list[Issue] = field(default_factory=list)
