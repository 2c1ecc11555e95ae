"""Question to cited passages and cited answers."""

from indexer.errors import OfstedQAError

from .answer.citations import citation_for, format_month, part_date
from .config import DEFAULT as DEFAULT_CONFIG
from .config import Config
from .pipeline import Retriever
from .types import MODES, Answer, Citation, FilterError, Hit, QuestionError
from .understand.question import area_of

__all__ = [
    "MODES",
    "Answer",
    "Citation",
    "Config",
    "DEFAULT_CONFIG",
    "FilterError",
    "Hit",
    "OfstedQAError",
    "QuestionError",
    "Retriever",
    "area_of",
    "citation_for",
    "format_month",
    "part_date",
]
