"""A small bounded HTTP load generator: a fixed number of GETs at a fixed concurrency.

Pure Python (asyncio, one connection per request like gunicorn's sync workers expect), so
it runs on a fresh machine with nothing installed. The harness runs it in a second process
(``python -m bench.load URL --requests N --concurrency C``), which prints one JSON object;
``run_load`` is the same thing as a function for tests.

Deliberately free of Django imports: it must not share a process or an interpreter lock
with what it measures.
"""

import argparse
import asyncio
import contextlib
import json
import math
import sys
import time
from collections import Counter
from urllib.parse import urlsplit


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an already sorted list (``fraction`` in 0..1)."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(len(sorted_values) * fraction))
    return sorted_values[rank - 1]


def _raw_request(host, port, path, headers):
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines.append("User-Agent: kohorta-bench")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def _fetch(host, port, raw):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(raw)
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
    parts = data.split(b" ", 2)
    status = int(parts[1]) if data.startswith(b"HTTP/") and len(parts) > 1 else 0
    return status, len(data)


async def run_load_async(
    url,
    *,
    requests,
    concurrency,
    headers=None,
    expect_status=200,
    warmup=0,
    timeout=30.0,
    duration=None,
):
    """``requests`` GETs at ``concurrency``; with ``duration`` (seconds) instead as many as
    the server answers in that time, like wrk's ``-d``: a steady load, not a burst."""
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port or 80
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    raw = _raw_request(host, port, path, headers or {})

    for _ in range(warmup):
        with contextlib.suppress(OSError, TimeoutError):
            await asyncio.wait_for(_fetch(host, port, raw), timeout)

    if duration:
        deadline = time.perf_counter() + duration

        def _steady():
            number = 0
            while time.perf_counter() < deadline:
                yield number
                number += 1

        pending = _steady()
    else:
        pending = iter(range(requests))
    latencies = []
    statuses = Counter()
    transferred = 0

    async def worker():
        nonlocal transferred
        for _number in pending:
            started = time.perf_counter()
            try:
                status, size = await asyncio.wait_for(_fetch(host, port, raw), timeout)
            except (OSError, TimeoutError) as error:
                statuses[type(error).__name__] += 1
                continue
            latencies.append(time.perf_counter() - started)
            statuses[str(status)] += 1
            transferred += size

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(max(1, concurrency))))
    elapsed = time.perf_counter() - started
    latencies.sort()
    ok = statuses.get(str(expect_status), 0)
    if duration:
        requests = sum(statuses.values())
    return {
        "url": url,
        "requests": requests,
        "concurrency": concurrency,
        "duration_s": round(elapsed, 3),
        "rps": round(requests / elapsed, 1) if elapsed > 0 else None,
        "p50_ms": _ms(percentile(latencies, 0.50)),
        "p90_ms": _ms(percentile(latencies, 0.90)),
        "p99_ms": _ms(percentile(latencies, 0.99)),
        "max_ms": _ms(latencies[-1] if latencies else None),
        "errors": requests - ok,
        "statuses": dict(statuses),
        "bytes": transferred,
    }


def _ms(seconds):
    return None if seconds is None else round(seconds * 1000, 2)


def run_load(url, **options):
    return asyncio.run(run_load_async(url, **options))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=0)
    parser.add_argument("--expect-status", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument(
        "--duration", type=float, default=None, help="seconds of steady load (overrides --requests)"
    )
    parser.add_argument(
        "--header", action="append", default=[], help="'Name: value', may be repeated"
    )
    args = parser.parse_args(argv)
    headers = {
        name.strip(): value.strip() for name, value in (item.split(":", 1) for item in args.header)
    }
    result = run_load(
        args.url,
        requests=args.requests,
        concurrency=args.concurrency,
        headers=headers,
        expect_status=args.expect_status,
        warmup=args.warmup,
        timeout=args.timeout,
        duration=args.duration,
    )
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
