"""An e-mail backend that appends one line per message to a file: mail countable across processes.

The cluster test (bench/cluster_workers.py) gives every ``qcluster`` the same file in
``KOHORTA_MAIL_LOG``; each message is one short line written with O_APPEND, so lines from
several processes never interleave. A line: the Message-ID (made from the once-key), the
recipient and the process id.
"""

import os

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        path = os.environ["KOHORTA_MAIL_LOG"]
        lines = "".join(
            f"{message.extra_headers.get('Message-ID', '')}\t{','.join(message.to)}\t{os.getpid()}\n"
            for message in email_messages
        )
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, lines.encode())
        finally:
            os.close(descriptor)
        return len(email_messages)
