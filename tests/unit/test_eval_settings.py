"""`python -m eval --set NAME=VALUE`: one run with a changed retriever setting."""

from __future__ import annotations

import pytest

from eval.run import config_with
from retriever.config import DEFAULT


def test_settings_are_typed_as_their_defaults():
    config = config_with(["newest_first=false", "min_coverage=0.3", "k=12"])
    assert config.newest_first is False
    assert config.min_coverage == 0.3
    assert config.k == 12
    assert config.min_similarity == DEFAULT.min_similarity


def test_an_unknown_setting_names_the_known_ones():
    with pytest.raises(ValueError, match="newest_first"):
        config_with(["no_such_thing=1"])
