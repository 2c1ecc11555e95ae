"""The lexical index's stemmer under the app's session threads: every thread gets the stems
a single thread gets (a stemmer shared by threads returned other threads' words)."""

from __future__ import annotations

import random
import sys
import threading

from indexer.store import bm25

WORDS = [
    stem + ending
    for stem in ("national", "conditional", "hesitanci", "digitizer", "radicalli", "formaliti")
    for ending in ("", "s", "ing", "ed", "ness", "ly", "ization", "ational", "fulness")
]


def test_stems_are_the_same_from_many_threads():
    bm25.stem.cache_clear()
    expected = {w: bm25.stem(w) for w in WORDS}
    wrong: list = []

    def work(seed: int) -> None:
        rnd = random.Random(seed)
        for _ in range(40):
            bm25.stem.cache_clear()  # every call reaches the stemmer
            for word in rnd.sample(WORDS, len(WORDS)):
                try:
                    got = bm25.stem(word)
                except Exception as exc:  # noqa: BLE001 - a shared stemmer also raises
                    wrong.append((word, repr(exc)))
                    continue
                if got != expected[word]:
                    wrong.append((word, got, expected[word]))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
        bm25.stem.cache_clear()
    assert not wrong, wrong[:5]
