"""Question to cited passages and cited answers."""

from indexer.errors import OfstedQAError

from .answer.citations import citation_for
from .config import Config
from .pipeline import Retriever
from .types import MODES, Answer, Citation, FilterError, Hit, QuestionError

__all__ = [
    "MODES",
    "Answer",
    "Citation",
    "Config",
    "FilterError",
    "Hit",
    "OfstedQAError",
    "QuestionError",
    "Retriever",
    "citation_for",
]
