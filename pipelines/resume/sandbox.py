"""Parse an untrusted PDF with pypdf in a child process with wall-time and memory limits.

pypdf has a history of CVEs (decompression bombs, endless loops): a hostile file must
not take the app down. The parent runs this very file as a script under ``python -I``
(no project path, no PYTHON* variables), writes the PDF to its stdin and reads one JSON
object from its stdout. The child lowers its priority, sets RLIMIT_AS and RLIMIT_CPU
before it imports pypdf, and turns every failure into a ``kind`` the caller maps to a
sentence. The parent kills it at the wall-time limit.

Only the standard library is imported at module level: the child runs this file alone.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from dataclasses import dataclass

# kinds of failure, shared by child and parent
ENCRYPTED = "encrypted"
DAMAGED = "damaged"
TOO_COMPLEX = "too_complex"  # decompression bomb, memory limit, pypdf resource limits
TIMEOUT = "timeout"
UNAVAILABLE = "unavailable"  # the parser itself cannot start under the limits: a setting to fix

_STDERR_KEEP = 2000


@dataclass(frozen=True)
class ParsedPdf:
    """Text of the pages that were read (``pages[i]`` is page ``i + 1``)."""

    pages: list[str]
    total_pages: int
    truncated_pages: bool  # more pages than max_pages
    truncated_chars: bool  # text longer than max_chars


class PdfParseError(Exception):
    """The child could not read the file; ``kind`` is one of the module's kinds."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail


def parse_pdf(data: bytes, *, max_pages: int, max_chars: int, timeout_s: float, memory_mb: int) -> ParsedPdf:
    """Run the child on ``data``. Raises PdfParseError; never hangs past ``timeout_s``."""
    cmd = [sys.executable, "-I", os.path.abspath(__file__),
           str(max_pages), str(max_chars), str(memory_mb), str(math.ceil(timeout_s) + 1)]
    env = {"PATH": os.environ.get("PATH", ""), "LC_ALL": "C.UTF-8", "OMP_NUM_THREADS": "1"}
    try:
        proc = subprocess.run(cmd, input=data, capture_output=True, timeout=timeout_s, env=env,
                              close_fds=True, check=False)
    except subprocess.TimeoutExpired as err:  # subprocess.run has killed and reaped the child
        raise PdfParseError(TIMEOUT, f"parsing took longer than {timeout_s:g} s") from err
    try:
        result = json.loads(proc.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        stderr = proc.stderr.decode("utf-8", "replace")[-_STDERR_KEEP:]
        if "MemoryError" in stderr or proc.returncode in (-9, -24):  # SIGKILL / SIGXCPU
            raise PdfParseError(TOO_COMPLEX, f"child ended with {proc.returncode}") from None
        raise PdfParseError(DAMAGED, f"child ended with {proc.returncode}: {stderr}") from None
    if "error" in result:
        raise PdfParseError(str(result["error"]), str(result.get("detail", "")))
    return ParsedPdf(pages=[str(p) for p in result["pages"]], total_pages=int(result["total_pages"]),
                     truncated_pages=bool(result["truncated_pages"]),
                     truncated_chars=bool(result["truncated_chars"]))


# --- the child ---------------------------------------------------------------


def _limit_resources(memory_mb: int, cpu_s: int) -> None:
    import resource

    os.nice(5)
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _extract(data: bytes, max_pages: int, max_chars: int, memory_mb: int) -> dict[str, object]:
    import io

    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    # decompressed streams stay well inside the memory limit; no external jbig2dec binary
    stream_cap = max(8, memory_mb // 8) * 1024 * 1024
    pypdf.overwrite_configuration(
        jbig2dec_binary=None, zlib_maximum_output_length=stream_cap, lzw_maximum_output_length=stream_cap,
        run_length_maximum_output_length=stream_cap, brotli_maximum_output_length=stream_cap,
        maximum_declared_stream_length=stream_cap, image_maximum_buffer_size=stream_cap,
    )
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # an owner-password-only file opens with an empty user password
            except (DependencyError, NotImplementedError, FileNotDecryptedError) as err:
                return {"error": ENCRYPTED, "detail": type(err).__name__}
            if not opened:
                return {"error": ENCRYPTED, "detail": "a password is needed"}
        total = len(reader.pages)
    except (LimitReachedError, ImportError) as err:  # a lazy import fails only when memory ran out
        return {"error": TOO_COMPLEX, "detail": str(err)[:200]}
    except FileNotDecryptedError as err:
        return {"error": ENCRYPTED, "detail": str(err)[:200]}
    except MemoryError:
        raise
    except Exception as err:  # noqa: BLE001 - any failure to open a hostile file is "damaged"
        return {"error": DAMAGED, "detail": f"{type(err).__name__}: {str(err)[:200]}"}
    if total == 0:
        return {"error": DAMAGED, "detail": "no pages"}
    pages: list[str] = []
    chars, failed, truncated_chars = 0, 0, False
    for index in range(min(total, max_pages)):
        try:
            text = reader.pages[index].extract_text() or ""
        except (LimitReachedError, ImportError) as err:
            return {"error": TOO_COMPLEX, "detail": str(err)[:200]}
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - one broken page is skipped; all broken is "damaged"
            failed += 1
            text = ""
        if chars + len(text) > max_chars:
            text = text[: max_chars - chars]
            truncated_chars = True
        pages.append(text)
        chars += len(text)
        if truncated_chars:
            break
    if failed and failed == len(pages):
        return {"error": DAMAGED, "detail": "no page could be read"}
    return {"pages": pages, "total_pages": total, "truncated_pages": total > max_pages,
            "truncated_chars": truncated_chars}


def _child_main(argv: list[str]) -> int:
    import logging
    import warnings

    max_pages, max_chars, memory_mb, cpu_s = (int(a) for a in argv[:4])
    _limit_resources(memory_mb, cpu_s)
    # a hostile file can make pypdf warn once per broken object: keep the parent's stderr pipe small
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    out = sys.stdout.buffer
    try:
        import pypdf  # noqa: F401 - fails here when the limits leave no room for the parser itself
    except (ImportError, MemoryError) as err:
        out.write(json.dumps({"error": UNAVAILABLE, "detail": f"{type(err).__name__}: {err}"[:300]}).encode())
        return 0
    try:
        data = sys.stdin.buffer.read()
        result = _extract(data, max_pages, max_chars, memory_mb)
        payload = json.dumps(result).encode("ascii")  # ensure_ascii: lone surrogates cannot break it
    except MemoryError:
        out.write(b'{"error": "too_complex", "detail": "memory limit"}')
        return 0
    except RecursionError:
        out.write(b'{"error": "damaged", "detail": "nesting too deep"}')
        return 0
    out.write(payload)
    return 0


if __name__ == "__main__":
    raise SystemExit(_child_main(sys.argv[1:]))
