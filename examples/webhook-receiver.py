#!/usr/bin/env python3
"""A webhook receiver for trying Askel's webhooks on one machine (standard library only).

    WEBHOOK_SECRET=whsec_... python3 examples/webhook-receiver.py 9000

Listens on 127.0.0.1:PORT, prints each delivery and whether its `webhook-signature` verifies by
the Standard Webhooks rule: base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` with
the secret's base64 part. Answers 200 so Askel counts the delivery as taken.
"""
import base64
import hashlib
import hmac
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer


def verified(secret: str, headers, body: bytes) -> bool:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(s, expected) for s in headers["webhook-signature"].split(" "))


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        secret = os.environ.get("WEBHOOK_SECRET")
        check = "signature verified" if secret and verified(secret, self.headers, body) else (
            "signature NOT verified" if secret else "set WEBHOOK_SECRET to verify")
        print(f"{self.headers['webhook-id']}: {body.decode()} ({check})", flush=True)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000
    print(f"listening on http://127.0.0.1:{port}/hook", flush=True)
    HTTPServer(("127.0.0.1", port), Receiver).serve_forever()
