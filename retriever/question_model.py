"""The question model: the embedder questions are encoded with, loaded once on first use
or in the background by `preload`, and handed to the stages as `encode` (an object of its
own, so no stage calls back into the Retriever)."""

from __future__ import annotations

import contextlib
import threading

from indexer.embedder import question_embedder


class QuestionModel:
    def __init__(self, model: str):
        self.model = model
        self._embedder = None
        self._preload: threading.Thread | None = None

    @property
    def embedder(self):
        if self._embedder is None:
            self._embedder = question_embedder(self.model)
        return self._embedder

    def encode(self, text: str):
        return self.embedder.encode_query(text)

    def preload(self) -> None:
        """Start loading the model, and running it once, in the background: a question
        asked meanwhile waits for the same load (one model per process); a model that
        fails to load is reported by that question."""
        if self._preload is None and self._embedder is None:
            self._preload = threading.Thread(
                target=self._warm_up, name="ofsted-qa-preload", daemon=True
            )
            self._preload.start()

    def wait(self):
        """The loaded model, once a preload has finished (or loaded now, without one)."""
        if self._preload is not None:
            self._preload.join()
        return self.embedder

    def _warm_up(self) -> None:
        # A model that fails to load is left for the first question to report.
        with contextlib.suppress(Exception):
            self.embedder.encode(["warm up the model"])  # not a question: nothing cached
