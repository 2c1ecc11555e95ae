"""A council's short form as typed in a search box: lower case where no word spells it."""

from __future__ import annotations

from retriever.understand.question import find_authorities, unmistakable

NAMES = ["Bournemouth, Christchurch and Poole", "Bath and North East Somerset", "Kent"]


def test_a_short_form_with_no_vowel_is_read_in_lower_case():
    assert find_authorities("bcp grades", NAMES)[0] == ["Bournemouth, Christchurch and Poole"]
    assert find_authorities("BCP grades", NAMES)[0] == ["Bournemouth, Christchurch and Poole"]


def test_a_short_form_a_word_spells_is_read_only_as_written():
    assert find_authorities("the banes of social work", NAMES)[0] == []
    assert find_authorities("BANES grades", NAMES)[0] == ["Bath and North East Somerset"]


def test_which_short_forms_are_unmistakable():
    assert unmistakable("BCP") and unmistakable("RBKC") and unmistakable("LBHF")
    assert not unmistakable("BANES") and not unmistakable("IOW") and not unmistakable("MK")
