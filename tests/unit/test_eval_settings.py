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


def test_a_question_is_asked_as_of_the_date_its_gold_was_public():
    from eval.run import gold_as_of

    public = {"norfolk-2023-01-ilacs": "2022-11-18", "kent-2017-06-sif": "2017-06-13"}
    q = {"gold": [{"doc": "norfolk-2023-01-ilacs", "para": "3"}, {"doc": "kent-2017-06-sif"}]}
    assert gold_as_of(q, public) == "2022-11-18"
    assert gold_as_of({"gold": [{"doc": "*", "contains": "x"}]}, public) is None


def test_until_reads_a_year_a_month_or_a_day_as_the_last_day_it_admits():
    import pytest

    from retriever.catalogue import public_by, until_limit
    from retriever.types import FilterError

    assert until_limit(["2023"]) == "2023-12-31"
    assert until_limit(["2023-06"]) == "2023-06-31"
    assert until_limit([2019, "2021-02-03"]) == "2021-02-03"
    assert public_by("2023-06-30", until_limit(["2023-06"]))
    assert not public_by("2023-07-01", until_limit(["2023-06"]))
    assert public_by(None, "2000-01-01")  # undated documents are never silently dropped
    for bad in ("June", "2023-13", True):
        with pytest.raises(FilterError):
            until_limit([bad])
