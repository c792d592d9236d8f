"""Round 14: ``records.slot_init`` builds a frozen record in a generated ``__new__`` (an open
twin of the same slots filled by plain stores, then given the record's class) instead of an
``__init__`` calling each slot descriptor's ``__set__``.

Every class decorated with it (found by walking the ``normalize`` package, so a new one is
checked too) against a plain frozen slots dataclass of the same fields — the behaviour
``dataclass`` generates: the same parameters and defaults, the same values or the same
``TypeError`` for random argument patterns (positional, keyword, too many, unknown), and the
record's promises — its type, equality, hash, repr, ``fields``/``asdict``/``astuple``,
``dataclasses.replace``, pickling (workers send results back pickled), ``copy``/``deepcopy``,
frozenness (assignment and deletion raise ``FrozenInstanceError``).  Subclassing, which the
generated ``__new__`` could not serve, is refused when the subclass is defined.
"""
from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import pickle
import pkgutil
import random

import pytest

import normalize
from normalize.records import slot_init


def _slot_init_classes() -> list[type]:
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(normalize.__path__, "normalize."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (isinstance(value, type) and dataclasses.is_dataclass(value) and "__new__" in value.__dict__
                    and value.__new__.__code__.co_filename == "<string>"):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


CLASSES = _slot_init_classes()


def test_every_record_class_is_found():
    names = {cls.__name__ for cls in CLASSES}
    assert names >= {"Issue", "Period", "Executor", "IndicatorTarget", "School", "RiskHit", "MilestoneHit",
                     "RegionMention", "_Cell", "Definition", "Alignment", "_Parts", "Mention"}, names


def _reference(cls: type) -> type:
    """The same fields in a plain frozen slots dataclass: everything is the generated code."""
    spec = [(f.name, f.type, dataclasses.field(default=f.default)) for f in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(f"Ref{cls.__name__}", spec, frozen=True, slots=True)


_VALUES = [None, 0, 1.5, "x", "", (), ("a",), "v1", "v2", frozenset({"A"}), (("a", 1),)]


def _same_record(record, expected, cls, ref) -> None:
    names = [f.name for f in dataclasses.fields(cls)]
    assert type(record) is cls
    assert tuple(getattr(record, name) for name in names) == dataclasses.astuple(expected)
    assert dataclasses.astuple(record) == dataclasses.astuple(expected)
    assert dataclasses.asdict(record) == dataclasses.asdict(expected)
    assert hash(record) == hash(expected)
    assert repr(record) == repr(expected).replace(ref.__qualname__, cls.__qualname__, 1)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_records_behave_as_the_dataclass_generated_code(cls):
    ref = _reference(cls)
    assert cls.__init__ is object.__init__  # the fields are not stored a second time
    assert [f.name for f in dataclasses.fields(cls)] == [f.name for f in dataclasses.fields(ref)]
    params = list(inspect.signature(cls).parameters.values())
    assert [(p.name, p.default, p.kind) for p in params] == [
        (p.name, p.default, p.kind) for p in inspect.signature(ref).parameters.values()]
    names = [p.name for p in params]
    rng = random.Random(14)
    built = 0
    for _ in range(400):
        values = [rng.choice(_VALUES) for _ in names]
        n = rng.randint(0, len(names) + 1)  # one too many at times
        values += [rng.choice(_VALUES)] * (n > len(names))
        keywords = dict(zip(names[n:], values[n:])) if rng.random() < 0.6 else {}
        if rng.random() < 0.1:
            keywords[rng.choice([*names, "unknown"])] = "k"  # given twice, or not a field
        args = values[:n]
        try:
            expected = ref(*args, **keywords)
        except TypeError:
            with pytest.raises(TypeError):
                cls(*args, **keywords)
            continue
        record = cls(*args, **keywords)
        built += 1
        _same_record(record, expected, cls, ref)
        other = cls(*args, **keywords)
        assert record == other and record is not other and hash(record) == hash(other)
        assert (record == cls(*dataclasses.astuple(ref(*values[:len(names)])))) == (
            expected == ref(*values[:len(names)]))
        for again in (pickle.loads(pickle.dumps(record, protocol=p)) for p in range(pickle.HIGHEST_PROTOCOL + 1)):
            _same_record(again, expected, cls, ref)
        _same_record(copy.copy(record), expected, cls, ref)
        _same_record(copy.deepcopy(record), expected, cls, ref)
        changes = {name: rng.choice(_VALUES) for name in rng.sample(names, rng.randint(0, len(names)))}
        _same_record(dataclasses.replace(record, **changes), dataclasses.replace(expected, **changes), cls, ref)
        name = rng.choice(names)
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(record, name, "changed")
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(record, name)
        _same_record(record, expected, cls, ref)
    assert built > 50


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_records_are_final(cls):
    with pytest.raises(TypeError):
        class Plain(cls):  # noqa: F841
            pass

    with pytest.raises(TypeError):
        @dataclasses.dataclass(frozen=True, slots=True)
        class More(cls):  # noqa: F841
            extra: int = 0


def test_slot_init_refuses_what_it_cannot_build():
    @dataclasses.dataclass(frozen=True, slots=True)
    class Factory:
        items: list = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(slots=True)
    class Mutable:
        a: int

    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Post:
        a: int

        def __post_init__(self) -> None:
            pass

    @dataclasses.dataclass(frozen=True, slots=True)
    class KwOnly:
        a: int = dataclasses.field(kw_only=True)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Base:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Derived(Base):
        b: int

    for cls in (Factory, Mutable, NoSlots, Post, KwOnly, Derived):
        with pytest.raises(TypeError):
            slot_init(cls)


def test_a_documents_records_round_trip_through_pickle(tmp_path):
    """Every record of normalized synthetic orders: its class, pickled and loaded, copied."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from synthetic_corpus import build_corpus

    from extract import read_document
    from normalize.document import normalize_document

    files, _ = build_corpus(3, tmp_path, pdf=False)
    seen: set[str] = set()
    for path in files:
        result = normalize_document(read_document(path))
        again = pickle.loads(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        assert repr(again) == repr(result) and repr(copy.deepcopy(result)) == repr(result)
        seen.update(name for name in ("Executor(", "Period(", "MilestoneHit(", "School(") if name in repr(result))
    assert len(seen) == 4
