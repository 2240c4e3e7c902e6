"""Package attributes imported on first use (PEP 562), so importing a package costs only what
is used: `plancli --help` must not pay for the analyses, pydantic models and rich."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any


def lazy_exports(package: str, exports: dict[str, list[str]]) -> tuple[Callable[[str], Any],
                                                                       Callable[[], list[str]], list[str]]:
    """(__getattr__, __dir__, __all__) for PACKAGE, whose public names are EXPORTS (module →
    names), each imported from its module the first time it is asked for."""
    module_of = {name: module for module, names in exports.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *module_of})

    return __getattr__, __dir__, sorted(module_of)
