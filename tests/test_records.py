"""``record`` makes the class ``dataclasses.dataclass`` makes, as far as briefgen relies on it."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from typing import Any

import pytest

from briefgen.records import IDENTITIES, by_identity, record


def _point(decorate: Callable[[type], type]) -> Any:
    """The same class body, made by ``decorate`` (a twin made by ``dataclasses`` has the same name)."""

    @decorate
    class Point:
        x: float
        y: float = 0.0
        tags: list[str] = dataclasses.field(default_factory=list, compare=False, metadata={"kind": "length"})
        note: str = dataclasses.field(default="", repr=False)
        checked: list[str] = dataclasses.field(default_factory=list, init=False, compare=False)

        def __post_init__(self) -> None:
            if self.x < 0:
                raise ValueError("x must not be negative")
            self.checked.append("yes")

    return Point


FROZEN = _point(record)
FROZEN_TWIN = _point(dataclasses.dataclass(frozen=True))
MUTABLE = _point(record(frozen=False))
MUTABLE_TWIN = _point(dataclasses.dataclass)


@pytest.mark.parametrize(("made", "twin"), [(FROZEN, FROZEN_TWIN), (MUTABLE, MUTABLE_TWIN)], ids=["frozen", "mutable"])
def test_a_record_is_the_dataclass_dataclasses_makes(made: Any, twin: Any) -> None:
    assert str(inspect.signature(made)) == str(inspect.signature(twin))
    assert made.__doc__ == twin.__doc__
    assert made.__match_args__ == twin.__match_args__
    assert repr(made.__dataclass_params__) == repr(twin.__dataclass_params__)
    assert made.__init__.__annotations__ == twin.__init__.__annotations__
    assert made.__repr__.__qualname__ == twin.__repr__.__qualname__
    for mine, theirs in zip(dataclasses.fields(made), dataclasses.fields(twin), strict=True):
        for attribute in ("name", "type", "default", "default_factory", "init", "repr", "compare", "hash", "metadata"):
            assert getattr(mine, attribute) == getattr(theirs, attribute)
    assert repr(made(1.0, 2.0, ["a"], "n")) == repr(twin(1.0, 2.0, ["a"], "n"))
    assert dataclasses.asdict(made(1.0)) == dataclasses.asdict(twin(1.0))


def test_defaults_factories_and_post_init() -> None:
    first, second = FROZEN(1.5), FROZEN(2.5)
    assert (first.y, first.tags, first.note, first.checked) == (0.0, [], "", ["yes"])
    assert first.tags is not second.tags
    assert FROZEN(1.0, tags=["t"]).tags == ["t"]
    with pytest.raises(ValueError, match="negative"):
        FROZEN(-1.0)


def test_equality_compares_the_compared_fields_of_the_same_class() -> None:
    assert FROZEN(1.0, 2.0, ["a"]) == FROZEN(1.0, 2.0, ["b"])
    assert FROZEN(1.0, 2.0) != FROZEN(1.0, 3.0)
    assert FROZEN(1.0) != FROZEN_TWIN(1.0)
    assert FROZEN(1.0).__eq__(object()) is NotImplemented


def test_a_frozen_record_hashes_as_a_frozen_dataclass() -> None:
    assert hash(FROZEN(1.0, 2.0, [], "n")) == hash(FROZEN_TWIN(1.0, 2.0, [], "n")) == hash((1.0, 2.0, "n"))
    assert {FROZEN(1.0), FROZEN(1.0)} == {FROZEN(1.0)}
    assert MUTABLE.__hash__ is None


def test_a_frozen_record_refuses_assignment_and_deletion() -> None:
    point = FROZEN(1.0)
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'x'"):
        point.x = 2.0
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'other'"):
        point.other = 2.0
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'x'"):
        del point.x
    mutable = MUTABLE(1.0)
    mutable.x = 2.0
    assert mutable.x == 2.0


def test_replace_makes_a_new_record_through_init() -> None:
    point = FROZEN(1.0, 2.0, note="n")
    moved = dataclasses.replace(point, y=3.0)
    assert (moved.x, moved.y, moved.note, moved.checked) == (1.0, 3.0, "n", ["yes"])
    with pytest.raises(ValueError, match="negative"):
        dataclasses.replace(point, x=-1.0)


def test_options_as_dataclasses_has_them() -> None:
    @record(eq=False)
    class Identity:
        value: int

    assert Identity(1) != Identity(1)
    assert hash(Identity(1)) != 0
    assert Identity.__dataclass_params__.eq is False

    @record
    class Hashed:
        value: int

        def __hash__(self) -> int:
            return 7

    assert hash(Hashed(1)) == 7

    @record
    class One:
        value: int

    assert hash(One(3)) == hash((3,))

    @record
    class Undocumented:
        value: int = 1

    assert Undocumented.__doc__ == "Undocumented(value: 'int' = 1)"


def test_what_a_record_refuses() -> None:
    with pytest.raises(TypeError, match="non-default argument 'y' follows default argument"):

        @record
        class Late:
            x: int = 0
            y: int

    with pytest.raises(TypeError, match="InitVar"):

        @record
        class WithInitVar:
            x: dataclasses.InitVar[int]

    with pytest.raises(TypeError, match="Cannot overwrite attribute __setattr__"):

        @record
        class Settable:
            x: int

            def __setattr__(self, name: str, value: object) -> None:
                object.__setattr__(self, name, value)


def test_init_is_compiled_when_first_looked_up_wherever_from() -> None:
    @record
    class Base:
        """Documented: an undocumented record compiles its ``__init__`` at once, for its signature."""

        value: int

    class Derived(Base):
        pass

    assert not inspect.isfunction(vars(Base)["__init__"])  # not compiled yet
    assert Derived(3).value == 3  # made through a subclass first
    assert inspect.isfunction(vars(Base)["__init__"])
    assert Base.__init__.__qualname__ == f"{Base.__qualname__}.__init__"
    assert Base(4) == Base(4)


def test_a_cache_by_identity_works_out_each_pair_of_records_once_and_equal_ones_apart() -> None:
    calls: list[tuple[Any, ...]] = []

    @by_identity(records=2)
    def made(first: Any, second: Any, third: float, fourth: float) -> tuple[Any, ...]:
        calls.append((first, second, third, fourth))
        return (first, second, third, fourth)

    one, other = FROZEN(1.0), FROZEN(1.0)  # equal records, not the same
    assert made(one, other, 1.0, 2.0) is made(one, other, 1.0, 2.0)
    assert len(calls) == 1
    assert made([1, 2], other, 1.0, 2.0) == made([1, 2], other, 1.0, 2.0)  # equal, not the same: worked out apart
    assert made(one, other, 1.0, 3.0)[3] == 3.0
    assert len(calls) == 4
    for n in range(IDENTITIES + 1):
        made(one, other, float(n), 0.0)
    assert made(one, other, 1.0, 2.0) == (one, other, 1.0, 2.0)  # forgotten past the bound, then made again


def test_a_cache_by_identity_takes_its_arguments_by_position_only() -> None:
    @by_identity(records=1, kept=2)
    def made(first: Any, second: float) -> float:
        return second

    with pytest.raises(TypeError, match="by position"):
        made(FROZEN(1.0), second=2.0)
