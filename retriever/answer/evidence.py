"""How well the retrieved passages cover a question: the basis for abstaining.

Two signals, both cheap: how close the best passages are in meaning (cosine of the
question with the top passages) and how much of the question's distinctive wording they
contain (IDF-weighted, so "gcse" counts for more than "children"). A third catches
questions about subjects inspection reports do not deal with (council tax, exam results,
adult social care) when the evidence does not mention them either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..search.terms import coverage, idf  # noqa: F401 - where callers found them

# Subjects outside an inspection of children's services. A question about one is answered
# only when the passages found actually talk about it.
OUT_OF_SCOPE = (
    r"council tax",
    r"precept",
    r"adult social care",
    r"adults'? services",
    r"gcses?",
    r"a[- ]levels?",
    r"exam(?:ination)? results",
    r"key stage \d",
    r"schools? (?:were |was |are |is )?(?:rated|graded|judged)",
    r"school ratings?",
    r"budgets?",
    r"salary|salaries",
    r"pay (?:scales?|rates?|bands?)",
    r"wages?",
    r"spend(?:ing)? per",
    r"next (?:\w+ )?inspection",
    r"send inspection",
)
# A question that also names children or their services is in scope after all
# ("do care leavers lose their council tax exemption?").
_IN_SCOPE = re.compile(
    r"\b(?:child|children|young (?:people|person)|care leavers?|leaving care|foster\w*|adopt\w*"
    r"|looked[- ]after|safeguard\w*|famil(?:y|ies))\b",
    re.I,
)


@dataclass(frozen=True)
class Evidence:
    similarity: float  # best cosine between the question and the top passages
    coverage: float  # best IDF-weighted share of the question's terms in one top passage
    out_of_scope: str = ""  # an out-of-scope subject asked about that the passages never mention

    def is_weak(self, min_similarity: float, min_coverage: float) -> bool:
        if self.out_of_scope:
            return True
        return self.similarity < min_similarity and self.coverage < min_coverage


def out_of_scope_subject(question: str, texts: list[str] | None = None) -> str:
    """A subject from OUT_OF_SCOPE that the question is about: it names no children's
    topic alongside, or (given the passages found) they never mention the subject."""
    asked = re.sub(r"\s+", " ", question.lower().replace("’", "'"))
    joined = " ".join(t.lower() for t in texts or [])
    for pattern in OUT_OF_SCOPE:
        match = re.search(rf"\b(?:{pattern})\b", asked)
        if not match:
            continue
        if not _IN_SCOPE.search(asked):
            return match.group(0)
        if texts is not None and not re.search(rf"\b(?:{pattern})\b", joined):
            return match.group(0)
    return ""
