"""Typed records that flow from ``normalize`` into ``schemas``.

Every field module returns these; the Arrow schema in ``schemas.arrow`` mirrors them.
"""
from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from typing import TypeVar

T = TypeVar("T")


def slot_init(cls: type[T]) -> type[T]:
    """Build a frozen slots dataclass's records in a generated ``__new__`` instead of its
    ``__init__``: the object is made as an open twin class with the same slots, each field
    set by a plain attribute store, and then turned into ``cls`` by ``__class__`` assignment
    (same slot layout).  The ``__init__`` ``dataclass`` writes calls ``object.__setattr__``
    per field (what ``frozen`` leaves it), and even the slot descriptors' ``__set__`` cost a
    call per field; a plain store does not (≈ 570 instructions a field), and the pipeline
    makes ≈ 280 records a document.  Same parameters, defaults and order (``inspect.signature``,
    ``dataclasses.replace``); ``__init__`` is ``object``'s; the class is otherwise untouched
    (still frozen, same ``__eq__``/``__hash__``/``__repr__``/``fields``).  Pickled and copied as
    ``cls(*fields)`` (``__reduce__``): unpickling calls ``__new__`` without arguments otherwise.
    Only plain fields: a default factory, ``kw_only``, ``InitVar`` or ``__post_init__`` would
    need the generated code; and no subclass (its fields would not match ``__new__``)."""
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    own = fields(cls)  # type: ignore[arg-type]
    if (not params.frozen or "__slots__" not in cls.__dict__ or hasattr(cls, "__post_init__")
            or cls.__bases__ != (object,)
            or any(not f.init or f.kw_only or f.default_factory is not MISSING for f in own)
            or len(own) != len(cls.__dataclass_fields__)):  # type: ignore[attr-defined]
        raise TypeError(f"slot_init: {cls.__name__} is not a frozen slots dataclass of plain fields")
    names = [f.name for f in own]
    twin = type(f"_Open{cls.__name__}", (), {"__slots__": cls.__slots__, "__module__": cls.__module__})
    twin().__class__ = cls  # type: ignore[misc]  # the layouts match, or this raises TypeError now
    scope: dict[str, object] = {"_twin": twin, "_cls": cls}
    scope.update({f"_default_{f.name}": f.default for f in own if f.default is not MISSING})
    args = ", ".join(f.name if f.default is MISSING else f"{f.name}=_default_{f.name}" for f in own)
    stores = "".join(f"    self.{n} = {n}\n" for n in names)
    values = "".join(f"self.{n}, " for n in names)
    exec(f"def __new__(cls, {args}):\n    self = _twin()\n{stores}    self.__class__ = cls\n    return self\n"
         f"def __reduce__(self):\n    return _cls, ({values})\n", scope)  # noqa: S102 - names from fields()
    for name in ("__new__", "__reduce__"):
        method = scope[name]
        method.__qualname__ = f"{cls.__qualname__}.{name}"  # type: ignore[attr-defined]
        method.__module__ = cls.__module__
    cls.__new__ = staticmethod(scope["__new__"])  # type: ignore[assignment]
    cls.__reduce__ = scope["__reduce__"]  # type: ignore[assignment,method-assign]
    del cls.__init__  # object's: it accepts the arguments __new__ took (type has its own __new__)
    cls.__init_subclass__ = classmethod(_final)  # type: ignore[assignment,method-assign]
    return cls


def _final(cls: type, **kwargs: object) -> None:
    raise TypeError(f"{cls.__name__}: a record built by slot_init cannot be subclassed")


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
