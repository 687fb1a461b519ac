"""A real SMTP server for the mailbox tests (aiosmtpd, Debian's python3-aiosmtpd).

Usage: smtp_peer.py PORT LOGIN PASSWORD OUTDIR

AUTH PLAIN/LOGIN with the one login and password (no TLS: loopback only), every accepted
message written to OUTDIR as NNNN.eml with its envelope in NNNN.json. A recipient whose local
part starts with "rejet" is refused with 550 at RCPT time, as a real server refuses an unknown
mailbox. Prints "ready" once listening.
"""
import json
import os
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, login, password, outdir = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
os.makedirs(outdir, exist_ok=True)


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == login and auth_data.password.decode() == password
    return AuthResult(success=ok, handled=False)


class Handler:
    count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@")[0].lower().startswith("rejet"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        Handler.count += 1
        base = os.path.join(outdir, "%04d" % Handler.count)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(base + ".json", "w") as f:
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos}, f)
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 Message accepted for delivery"


controller = Controller(
    Handler(),
    hostname="127.0.0.1",
    port=port,
    authenticator=authenticator,
    auth_required=True,
    auth_require_tls=False,
)
controller.start()
print("ready", flush=True)
try:
    while True:
        time.sleep(3600)
finally:
    controller.stop()
