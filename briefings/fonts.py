"""NanumGothic (OFL), shipped inside the koreanize-matplotlib wheel: the one Korean font of both the
PDF text and the chart images. Located without importing the package (its import restyles
matplotlib globally)."""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path


@functools.cache
def font_dir() -> Path:
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("koreanize-matplotlib is not installed (requirements.lock)")
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


def regular() -> Path:
    return font_dir() / "NanumGothic.ttf"


def bold() -> Path:
    return font_dir() / "NanumGothicBold.ttf"
