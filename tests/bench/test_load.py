import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.load import main, percentile, run_load
from bench.server import free_port


class _Handler(BaseHTTPRequestHandler):
    seen_cookies = []

    def do_GET(self):
        self.seen_cookies.append(self.headers.get("Cookie"))
        status = 200 if self.path == "/ok/" else 404
        body = b"ok" if status == 200 else b"missing"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Handler.seen_cookies = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 0.5) == 50
    assert percentile(values, 0.99) == 99
    assert percentile(values, 1.0) == 100
    assert percentile([7], 0.99) == 7
    assert percentile([], 0.5) is None


def test_load_sends_exactly_the_requests_asked_for(server):
    result = run_load(
        server + "/ok/", requests=30, concurrency=4, headers={"Cookie": "sessionid=abc"}, warmup=2
    )
    assert result["requests"] == 30
    assert result["errors"] == 0
    assert result["statuses"] == {"200": 30}
    assert len(_Handler.seen_cookies) == 32  # the warm-up is sent but not counted
    assert set(_Handler.seen_cookies) == {"sessionid=abc"}
    assert result["p50_ms"] <= result["p99_ms"] <= result["max_ms"]
    assert result["rps"] > 0


def test_load_counts_unexpected_statuses_as_errors(server):
    result = run_load(server + "/missing/", requests=10, concurrency=3)
    assert result["errors"] == 10
    assert result["statuses"] == {"404": 10}


def test_load_counts_refused_connections_as_errors():
    port = free_port()  # nothing listens there
    result = run_load(f"http://127.0.0.1:{port}/", requests=5, concurrency=2)
    assert result["errors"] == 5
    assert result["statuses"] == {"ConnectionRefusedError": 5}
    assert result["p50_ms"] is None


def test_load_command_line_prints_json(server, capsys):
    import json

    assert (
        main([server + "/ok/", "--requests", "6", "--concurrency", "2", "--header", "X-A: b"]) == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert (result["requests"], result["errors"], result["statuses"]) == (6, 0, {"200": 6})
