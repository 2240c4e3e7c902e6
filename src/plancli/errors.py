"""The errors plancli raises, in domain words; the command line turns each into one line on
stderr and exit code 2 (and adds the flag or command that helps, where there is one)."""

from __future__ import annotations


class PlancliError(Exception):
    """Something plancli cannot do with what it was given.

    `source` names the file (or plan, or option value) at fault and `problem` says what is
    wrong with it, in words a user can act on.
    """

    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class PlanInputError(PlancliError):
    """An input that cannot be used: a plan file missing, empty, binary or undecodable, a word
    list that cannot be read, a plan reference that names nothing."""


class OutputError(PlancliError):
    """An output that cannot be written: a folder, an unwritable path, a plan being read."""


class NoSuchSection(PlanInputError):
    """A section reference that names no node of the plan."""

    def __init__(self, plan: str, ref: str):
        super().__init__(plan, f"no section {ref!r}")
        self.plan, self.ref = plan, ref


class NoSuchTable(PlanInputError):
    """A table number or caption that names no table of the plan."""

    def __init__(self, plan: str, problem: str):
        super().__init__(plan, problem)
        self.plan = plan


class AmbiguousTable(PlanInputError):
    """A caption that several tables of the plan contain."""

    def __init__(self, plan: str, caption: str, indexes: list[int]):
        super().__init__(plan, f"caption {caption!r} matches tables {', '.join(map(str, indexes))}")
        self.plan, self.caption, self.indexes = plan, caption, indexes


class CacheWarning(UserWarning):
    """A cache file (data/parsed/…) that was not written or could not be used: the result is
    the same, the next run only does the work again."""


def validation_problems(err: Exception) -> str:
    """A pydantic ValidationError as "field: problem; …" in plain words: without pydantic's
    "Value error, " before a validator's own message."""
    errors = getattr(err, "errors", None)
    if not callable(errors):
        return str(err)
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'value'}: {str(e['msg']).removeprefix('Value error, ')}"
                     for e in errors())
