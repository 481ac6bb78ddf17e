"""``record``: a dataclass made with one compiled function instead of six, for a faster cold start.

Input: a class with annotated fields (``dataclasses.field`` as usual).
Output: the same class as ``dataclasses.dataclass(frozen=True)`` (or
``frozen=False``) makes it, as far as briefgen relies on: ``__init__``
(defaults, ``default_factory``, ``__post_init__``), ``__repr__``, ``__eq__``,
``__hash__`` (the field values' tuple, or None for a mutable class),
assignment and deletion raising ``FrozenInstanceError``, ``__match_args__``,
and ``__dataclass_fields__``/``__dataclass_params__``, so that
``dataclasses.fields`` (and the metadata the theme loader and the schema
read), ``replace`` and ``asdict`` work unchanged.

Why: Python 3.11's ``dataclass`` compiles each generated method with its own
``exec``, six for a frozen class; a cold ``briefgen build`` creates about a
hundred of these classes, and that compiling took about 40 ms of its 280.
Here ``dataclasses.dataclass`` still collects the fields (with no methods
asked of it), ``__init__`` is compiled in one ``exec`` when it is first
looked up (``_LazyInit``), and the other methods are closures over the field
names, which compile nothing. Python 3.13's ``dataclass`` compiles a class's
methods in one ``exec``: measure again before keeping this module once 3.13
is the oldest Python supported. InitVar, ClassVar, keyword-only fields and
slots are left to ``dataclasses.dataclass``: ``record`` refuses them.

``by_identity`` caches a function of records by the records' identity:
hashing a record hashes every field (a theme: about 20 µs), too much for
what is asked at every paragraph or page.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import reprlib
import sys
from collections.abc import Callable
from operator import attrgetter
from typing import Any, ParamSpec, TypeVar, dataclass_transform, overload

T = TypeVar("T", bound=type)
P = ParamSpec("P")
R = TypeVar("R")


class _Factory:
    """The default an ``__init__`` parameter shows when its field has a ``default_factory``."""

    def __repr__(self) -> str:
        return "<factory>"


_HAS_FACTORY = _Factory()


def _values(names: tuple[str, ...]) -> Callable[[object], tuple[Any, ...]]:
    """Return a function giving an object's values of ``names`` as a tuple (what eq and hash compare)."""
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    if not names:
        return lambda obj: ()
    return attrgetter(*names)


class _LazyInit:
    """A record's ``__init__`` until it is first looked up: then compiled, and put in its place.

    A fifth of the records a build's modules declare are never made in it,
    and compiling ``__init__`` is most of what making a record costs.
    Looking it up (making an instance, ``inspect.signature``) compiles it,
    so nothing can tell it was not there from the start.
    """

    def __init__(self, cls: type, fields: tuple[dataclasses.Field[Any], ...], frozen: bool) -> None:
        self._cls = cls
        self._text, self._names, self._annotations = _init_source(cls, fields, frozen)

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        init = self._compile()
        _install(self._cls, "__init__", init)
        return init if instance is None else init.__get__(instance, owner)

    def _compile(self) -> Callable[..., None]:
        made: dict[str, Any] = {}
        # dont_inherit: this module's ``from __future__ import annotations`` would apply to the code compiled.
        module = sys.modules.get(self._cls.__module__)
        exec(compile(self._text, "<string>", "exec", dont_inherit=True), module.__dict__ if module else {}, made)
        init: Callable[..., None] = made["__create_fn__"](**self._names)
        init.__annotations__ = self._annotations
        return init


def _init_source(
    cls: type, fields: tuple[dataclasses.Field[Any], ...], frozen: bool
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """Return the source of ``cls.__init__`` as ``dataclasses`` writes it, the names it uses, and its annotations.

    The annotations (the field types) are set on the function rather than
    written in the source, which then compiles faster.
    """
    self_name = "__dataclass_self__" if "self" in cls.__dataclass_fields__ else "self"  # type: ignore[attr-defined]
    names: dict[str, Any] = {"__dataclass_builtins_object__": object, "_HAS_DEFAULT_FACTORY": _HAS_FACTORY}
    annotations: dict[str, Any] = {}
    parameters = [self_name]
    body = []
    seen_default = False
    for f in fields:
        if f.default_factory is not dataclasses.MISSING:
            names[f"_dflt_{f.name}"] = f.default_factory
            value = (
                f"_dflt_{f.name}() if {f.name} is _HAS_DEFAULT_FACTORY else {f.name}" if f.init else f"_dflt_{f.name}()"
            )
            default = "=_HAS_DEFAULT_FACTORY"
        elif f.default is not dataclasses.MISSING:
            names[f"_dflt_{f.name}"] = f.default
            value, default = f.name, f"=_dflt_{f.name}"
        else:
            value, default = f.name, ""
        if f.init:
            if default:
                seen_default = True
            elif seen_default:
                raise TypeError(f"non-default argument {f.name!r} follows default argument")
            parameters.append(f"{f.name}{default}")
            annotations[f.name] = f.type
        elif f.default_factory is dataclasses.MISSING:
            continue  # read from the class attribute that holds the default, as dataclasses leaves it
        if frozen:
            body.append(f"  __dataclass_builtins_object__.__setattr__({self_name},{f.name!r},{value})")
        else:
            body.append(f"  {self_name}.{f.name}={value}")
    if hasattr(cls, "__post_init__"):
        body.append(f"  {self_name}.__post_init__()")
    annotations["return"] = None
    text = (
        f"def __create_fn__({', '.join(names)}):\n"
        f" def __init__({','.join(parameters)}):\n" + ("\n".join(body) or "  pass") + "\n return __init__"
    )
    return text, names, annotations


def _install(cls: type, name: str, method: Callable[..., Any]) -> None:
    """Set ``method`` on ``cls`` as ``name``, named as if defined in the class body (as dataclasses names it)."""
    method.__name__ = name
    method.__qualname__ = f"{cls.__qualname__}.{name}"
    setattr(cls, name, method)


def _make(cls: T, frozen: bool, eq: bool) -> T:
    """Make ``cls`` a dataclass: the fields by ``dataclasses``, the methods here."""
    has_doc = bool(cls.__dict__.get("__doc__"))
    class_hash = cls.__dict__.get("__hash__", dataclasses.MISSING)
    has_explicit_hash = not (class_hash is dataclasses.MISSING or (class_hash is None and "__eq__" in cls.__dict__))
    if not has_doc:  # written below, from the signature of the real __init__; dataclasses would parse object's
        cls.__doc__ = cls.__name__
    dataclasses.dataclass(cls, init=False, repr=False, eq=False)
    fields = dataclasses.fields(cls)
    if len(fields) != len(cls.__dataclass_fields__) or any(f.kw_only is True for f in fields):  # type: ignore[attr-defined]
        raise TypeError(f"{cls.__name__}: record takes no InitVar, ClassVar or keyword-only field")
    # What the class is, said as dataclasses says it (its parameters' attributes are settable).
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    params.init, params.repr, params.eq, params.frozen = True, True, eq, frozen
    init = _LazyInit(cls, fields, frozen)  # checks the fields' order, as dataclasses does, even if unused
    if "__init__" not in cls.__dict__:
        cls.__init__ = init  # type: ignore[misc]
    methods: dict[str, Callable[..., Any]] = {}
    shown = tuple(f.name for f in fields if f.repr)

    @reprlib.recursive_repr()
    def show(self: Any) -> str:
        return f"{self.__class__.__qualname__}({', '.join([f'{name}={getattr(self, name)!r}' for name in shown])})"

    methods["__repr__"] = show
    if eq:
        compared = _values(tuple(f.name for f in fields if f.compare))

        def equal(self: Any, other: Any) -> Any:
            if other.__class__ is self.__class__:
                return compared(self) == compared(other)
            return NotImplemented

        methods["__eq__"] = equal
    if frozen:
        field_names = frozenset(f.name for f in fields)
        owner: Any = cls

        def assign(self: Any, name: str, value: Any) -> None:
            if type(self) is owner or name in field_names:
                raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
            super(owner, self).__setattr__(name, value)

        def delete(self: Any, name: str) -> None:
            if type(self) is owner or name in field_names:
                raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
            super(owner, self).__delattr__(name)

        for name, method in (("__setattr__", assign), ("__delattr__", delete)):
            if name in cls.__dict__:
                raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
            methods[name] = method
    for name, method in methods.items():
        if name not in cls.__dict__:
            _install(cls, name, method)
    if eq and not has_explicit_hash:
        if frozen:
            hashed = _values(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))

            def hash_fields(self: Any) -> int:
                return hash(hashed(self))

            _install(cls, "__hash__", hash_fields)
        else:
            cls.__hash__ = None  # type: ignore[assignment]
    if not has_doc:
        cls.__doc__ = cls.__name__ + str(inspect.signature(cls)).replace(" -> None", "")
    return cls


@overload
def record(cls: T, /) -> T: ...


@overload
def record(*, frozen: bool = True, eq: bool = True) -> Callable[[T], T]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: T | None = None, /, *, frozen: bool = True, eq: bool = True) -> T | Callable[[T], T]:
    """Make ``cls`` a dataclass, frozen unless ``frozen=False``: ``@record`` or ``@record(eq=False)``."""
    if cls is None:
        return lambda cls: _make(cls, frozen, eq)
    return _make(cls, frozen, eq)


IDENTITIES = 256  # calls a cache by identity keeps by default; past that it starts again


def by_identity(records: int, *, kept: int = IDENTITIES) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Cache a function by the identity of its first ``records`` arguments and the value of the others.

    Called with positional arguments only. The cache holds the arguments it
    was called with, so no other object takes their ids while it keeps them;
    at ``kept`` calls it starts again. Records equal but not the same are
    each worked out once: the function's result must depend on their values
    alone.
    """

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        cache: dict[tuple[Any, ...], tuple[tuple[Any, ...], R]] = {}

        @functools.wraps(function)
        def cached(*args: P.args, **kwargs: P.kwargs) -> R:
            if kwargs:
                raise TypeError(f"{function.__name__} is cached by identity: give its arguments by position")
            key = (*map(id, args[:records]), *args[records:])
            found = cache.get(key)
            if found is None:
                if len(cache) >= kept:
                    cache.clear()
                found = cache[key] = (args, function(*args, **kwargs))
            return found[1]

        return cached

    return decorate
