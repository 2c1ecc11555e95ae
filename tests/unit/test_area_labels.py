"""A printed judgement label is read once: a question across councils reads the label of
every judgement row of the catalogue (thousands on the national index, a few dozen distinct
wordings), so each wording is normalised and matched once per process; every caller still
gets a list of its own."""

from __future__ import annotations

from retriever.understand import question


def test_a_label_is_read_once(monkeypatch):
    calls = []
    real = question.judgement_named

    def counted(label):
        calls.append(label)
        return real(label)

    monkeypatch.setattr(question, "judgement_named", counted)
    label = "Overall effectiveness (read once)"
    first = question.area_of(label)
    assert question.area_of(label) == first == ["overall"]
    assert calls == [label]


def test_each_caller_gets_its_own_list():
    label = "The experiences and progress of children in care and care leavers"
    areas = question.area_of(label)
    areas.append("adoption")
    assert set(question.area_of(label)) == {"children_in_care", "care_leavers"}
