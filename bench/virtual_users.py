"""Virtual users for the load test: each a thread with its own session, for a fixed time.

``python -m bench.virtual_users PLAN.json`` reads the plan ``manage.py loadtest`` wrote
(the site's address, how long, the public pages, and per user its session cookie and the
writes it may make), runs every user at once until the time is up, and prints one JSON
object: every request (kind, method, status, milliseconds, error) and every write with what the site
answered. Like ``bench.load`` it imports nothing from Django, so it shares no process or
interpreter lock with the server it loads.

A user never thinks: it loads a page, and for a write it loads the form's page first for
the CSRF token, then posts, exactly as a browser would; now and then it completes two
lessons at once, as from two tabs. What the site answered a write is
read from its status and from the message it left for the next page (Django's ``messages``
cookie): an error message means the site refused it.
"""

import argparse
import base64
import http.client
import json
import random
import re
import sys
import threading
import time
import zlib
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

# Django's message levels.
SUCCESS, WARNING, ERROR = 25, 30, 40
# What the site answered a write.
OK, WAITLISTED, REFUSED, FAILED = "ok", "waitlisted", "refused", "failed"

CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
PUBLIC_SHARE = 0.35
TWO_TABS = 0.2


def message_levels(value):
    """The levels of the messages in a Django ``messages`` cookie (signed, maybe compressed)."""
    data = value.split(":", 1)[0]
    payload = data.removeprefix(".")
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        messages = json.loads(zlib.decompress(raw) if data.startswith(".") else raw)
    except (ValueError, zlib.error):
        return []
    return [item[2] for item in messages if isinstance(item, list) and len(item) > 2]


class Browser:
    """One person's cookies and requests; records every request in ``log``."""

    def __init__(self, *, host, port, cookies, names, log, timeout):
        self.host, self.port = host, port
        self.cookies = dict(cookies)
        self.names = names
        self.log = log
        self.timeout = timeout

    def request(self, kind, method, path, form=None):
        """Send one request; returns ``(status, body, message levels)`` (status 0: no answer)."""
        headers = {"Host": f"{self.host}:{self.port}", "Connection": "close"}
        headers["User-Agent"] = "kohorta-loadtest"
        if self.cookies:
            # A copy: two tabs of one person share the cookies.
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in dict(self.cookies).items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            status = response.status
            set_cookies = response.headers.get_all("Set-Cookie") or []
        except (OSError, http.client.HTTPException) as error:
            self.log.append([kind, method, 0, _ms(started), type(error).__name__])
            return 0, b"", []
        finally:
            connection.close()
        self.log.append([kind, method, status, _ms(started), ""])
        levels = []
        for header in set_cookies:
            for name, morsel in SimpleCookie(header).items():
                if name == self.names["messages"]:
                    if morsel.value:
                        levels += message_levels(morsel.value)
                elif morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return status, content, levels

    def post_form(self, kind, page, action, form):
        """Load ``page`` for its CSRF token, then post ``form`` to ``action``."""
        status, content, _levels = self.request(kind + ".page", "GET", page)
        if status != 200:
            return 0, []
        found = CSRF_FIELD.search(content)
        if found is None:
            self.log[-1][4] = "no CSRF token"
            return 0, []
        status, _content, levels = self.request(
            kind, "POST", action, {"csrfmiddlewaretoken": found.group(1).decode(), **form}
        )
        return status, levels


def _ms(started):
    return round((time.perf_counter() - started) * 1000, 1)


def outcome(kind, status, levels):
    """What the site answered a write (see the module's docstring)."""
    if kind == "registration":
        if status == 302 and WARNING in levels and ERROR not in levels:
            return WAITLISTED
        if status == 302 and SUCCESS in levels:
            return OK
        return REFUSED if status in (200, 302) else FAILED
    if status == 302 and ERROR not in levels:
        return OK
    return REFUSED if status in (200, 302) else FAILED


class VirtualUser:
    """Loops until ``deadline``: a public page about a third of the time, else its next write."""

    def __init__(self, spec, *, plan, log, writes, deadline, rng):
        split = urlsplit(plan["base_url"])
        names = plan["cookie_names"]
        self.browser = Browser(
            host=split.hostname,
            port=split.port,
            cookies={names["session"]: spec["session"]},
            names=names,
            log=log,
            timeout=plan.get("timeout", 60),
        )
        self.spec, self.plan, self.writes = spec, plan, writes
        self.deadline, self.rng = deadline, rng
        self.lessons = list(spec.get("lessons", []))
        self.reviews = list(spec.get("reviews", []))
        self.sessions = list(spec.get("sessions", []))
        self.registration = spec.get("registration")
        self.registered = False

    def run(self):
        self._guarded(self._loop)

    def _loop(self):
        while time.monotonic() < self.deadline:
            if self.rng.random() < PUBLIC_SHARE or not self.write():
                kind, path = self.rng.choice(self.plan["public"])
                self.browser.request(kind, "GET", path)

    def _guarded(self, action, *args):
        try:
            action(*args)
        except Exception as error:  # noqa: BLE001 - a user that stops is an error of the run
            self.browser.log.append(["virtual user", "-", 0, 0.0, repr(error)])

    def write(self):
        """Make the next write; False when there is none left to make."""
        if self.registration and not self.registered and self.rng.random() < 0.3:
            self.registered = True
            step = self.registration
            return self._write("registration", step["target"], step["page"], step["action"], {})
        if self.registered and self.sessions and (not self.lessons or self.rng.random() < 0.3):
            step = self.sessions.pop(0)
            form = {"action": "star", "next": step["page"]}
            return self._write("star", step["target"], step["page"], step["action"], form)
        if len(self.lessons) >= 2 and self.rng.random() < TWO_TABS:
            # Two lessons completed at once from two tabs: the roll-up must count both.
            steps = [self.lessons.pop(0), self.lessons.pop(0)]
            tabs = [
                threading.Thread(target=self._guarded, args=(self._complete, step))
                for step in steps
            ]
            for tab in tabs:
                tab.start()
            for tab in tabs:
                tab.join()
            return True
        if self.lessons:
            return self._complete(self.lessons.pop(0))
        if self.reviews:
            step = self.reviews.pop(0)
            return self._write("review", step["target"], step["page"], step["page"], step["form"])
        return False

    def _complete(self, step):
        form = {"action": "complete", "next": step["page"]}
        return self._write("lesson", step["target"], step["page"], step["action"], form)

    def _write(self, kind, target, page, action, form):
        status, levels = self.browser.post_form(kind, page, action, form)
        answer = outcome(kind, status, levels)
        self.writes.append(
            {"kind": kind, "user": self.spec["user"], "target": target, "outcome": answer}
        )
        if kind == "registration" and answer not in (OK, WAITLISTED):
            self.sessions = []
        return True


def run_plan(plan):
    """Run every user of ``plan`` at once for ``plan["seconds"]``; returns the record."""
    log, writes = [], []
    started = time.monotonic()
    deadline = started + plan["seconds"]
    users = [
        VirtualUser(
            spec,
            plan=plan,
            log=log,
            writes=writes,
            deadline=deadline,
            rng=random.Random(f"{plan.get('seed', 0)}:{number}"),
        )
        for number, spec in enumerate(plan["users"])
    ]
    threads = [threading.Thread(target=user.run, daemon=True) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "users": len(users),
        "duration_s": round(time.monotonic() - started, 1),
        "requests": log,
        "writes": writes,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan", help="the JSON plan manage.py loadtest wrote")
    args = parser.parse_args(argv)
    with open(args.plan, encoding="utf-8") as handle:
        plan = json.load(handle)
    json.dump(run_plan(plan), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
