"""`ofsted-qa`: the command line, the shell over the indexer and the retriever.

One module per command, each with its arguments (`add_parser`) and its work (`run`); main.py
wires them into one parser and says any product error (OfstedQAError) in one line."""

from .common import USER_ERROR
from .main import build_parser, main

__all__ = ["USER_ERROR", "build_parser", "main"]
