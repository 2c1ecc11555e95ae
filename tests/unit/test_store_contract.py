"""Both backends implement the declared store contract (indexer/store/contract.py): every
method of StoreReader and StoreWriter, with the same parameters, on the folder store and on
the PostgreSQL store."""

from __future__ import annotations

import inspect

import pytest

from indexer.store import IndexWriter, Reader, StoreReader, StoreWriter
from indexer.store.postgres import PgReader, PgWriter


def _methods(protocol) -> dict[str, object]:
    own = {k: v for k, v in vars(protocol).items() if not k.startswith("_")}
    for name in ("__enter__", "__exit__"):
        if name in vars(protocol):
            own[name] = vars(protocol)[name]
    return {k: v for k, v in own.items() if callable(v) or isinstance(v, property)}


def _parameters(member) -> list[str]:
    func = member.fget if isinstance(member, property) else member
    return [p for p in inspect.signature(func).parameters if p != "self"]


@pytest.mark.parametrize(
    "protocol, backend",
    [(StoreReader, Reader), (StoreReader, PgReader), (StoreWriter, IndexWriter),
     (StoreWriter, PgWriter)],
)  # fmt: skip
def test_each_backend_implements_the_contract(protocol, backend):
    for name, member in _methods(protocol).items():
        implemented = inspect.getattr_static(backend, name, None)
        assert implemented is not None, f"{backend.__name__} lacks {name}"
        assert isinstance(implemented, property) == isinstance(member, property), name
        wanted = _parameters(member)
        assert _parameters(implemented)[: len(wanted)] == wanted, f"{backend.__name__}.{name}"


def test_capabilities_are_asked_not_probed():
    assert "has_bm25_matrix" in _methods(StoreReader)
    assert PgReader.has_bm25_matrix(object.__new__(PgReader)) is False
    reader = object.__new__(Reader)
    reader.bm25_index = None
    assert reader.has_bm25_matrix() is False
