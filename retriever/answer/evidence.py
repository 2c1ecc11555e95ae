"""How well the retrieved passages cover a question: the basis for abstaining.

Signals taken from the evidence and the corpus, never from a list of subjects:

- how close the best passages are in meaning (cosine of the question with the top
  passages) and how much of the question's distinctive wording they contain
  (IDF-weighted, so "gcse" counts for more than "children");
- a "how many" question is answered only by a figure the passages print (compose.py);
- a grade asked about a subject the judgement tables never grade ("adult social care",
  "the SEND inspection"): answered only from passages that name that subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..search.terms import coverage, idf  # noqa: F401 - where callers found them


@dataclass(frozen=True)
class Evidence:
    similarity: float  # best cosine between the question and the top passages
    coverage: float  # best IDF-weighted share of the question's terms in one top passage
    out_of_scope: str = ""  # what the question asks about that the evidence never mentions

    def is_weak(self, min_similarity: float, min_coverage: float) -> bool:
        if self.out_of_scope:
            return True
        return self.similarity < min_similarity and self.coverage < min_coverage


def missing_subject(subject: str, texts: list[str]) -> str:
    """`subject` (words a grade question asks about that no judgement grades) when the
    passages found never print it."""
    if not subject:
        return ""
    words = subject.lower().split()
    pattern = r"\b" + r"\W+".join(map(re.escape, words)) + r"\b"
    if any(re.search(pattern, t.lower()) for t in texts):
        return ""
    return subject
