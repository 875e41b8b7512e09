"""pyarrow, imported on its first use rather than when a loader module is imported.

The command line's Biểu 06 path (`python -m loaders FILE`) never touches Arrow, yet every kind module is
imported to recognise a file; importing pyarrow, which brings numpy, was a third of that command's time
(issue 13 §4). Modules that build Arrow tables write `from loaders.lazy import pa` and use `pa` as the module;
a schema they need is built by a cached function, not at import."""

import importlib


class LazyModule:
    """Stands for the module `name`, imported at the first attribute read."""

    def __init__(self, name: str):
        self._name = name
        self._module = None

    def __getattr__(self, attribute: str):
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attribute)

    def __repr__(self) -> str:
        return f"<lazy module {self._name}>"


pa = LazyModule("pyarrow")
pc = LazyModule("pyarrow.compute")
