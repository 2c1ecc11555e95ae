"""Word stems, shared by every stage: a question's words, a passage's and a judgement
label's are compared stem to stem."""

from __future__ import annotations

import threading
from functools import lru_cache

import snowballstemmer

_LOCAL = threading.local()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Porter2 stem, as close as it gets to what the FTS index's porter tokenizer does."""
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:  # one per thread: a snowball stemmer keeps its word in the object
        stemmer = _LOCAL.stemmer = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word.lower())
