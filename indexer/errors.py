"""The root of every error the product raises on purpose: a message meant for the person
at the command line or in the app, one line, never a traceback. Each layer's own errors
(IndexProblem, CorpusProblem, QuestionError, ...) derive from it, so the shells catch it once."""

from __future__ import annotations


class OfstedQAError(Exception):
    """A problem the user can act on, said in its message."""
