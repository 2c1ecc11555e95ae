"""Question to cited passages and cited answers."""

from .search import Retriever, citation_for
from .types import MODES, Answer, Citation, FilterError, Hit, QuestionError

__all__ = [
    "MODES",
    "Answer",
    "Citation",
    "FilterError",
    "Hit",
    "QuestionError",
    "Retriever",
    "citation_for",
]
