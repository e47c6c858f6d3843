#!/usr/bin/env python3
"""A WS-Management responder that authenticates with Kerberos or SPNEGO (pyspnego's
server context over the system GSSAPI, keytab from KRB5_KTNAME) and answers from the
fixtures in tests/wsman-fixtures/responses; used by tests/wsman_kerberos.rs.

HTTP/1.1 keep-alive, one thread per connection. Each connection runs the 401 loop
(`Authorization: <scheme> <token>` / `WWW-Authenticate: <scheme> <token>`); after it,
over HTTP every request must be a `multipart/encrypted` body, opened with pyspnego's
`unwrap_winrm` (its `Length=` checked) and every answer is sealed with `wrap_winrm`
(the framing: wsman_sealing.py, shared with ntlm_responder.py);
over HTTPS the bodies are plain and the context checks the RFC 5929
`tls-server-end-point` channel binding of the server's certificate.

It prints `PORT <n>` once listening, and appends one line per event to the --log file:
`auth <conn> ok <client principal>`, `auth <conn> refused <why>`,
`request <conn> sealed|plain <action>`, `close <conn> after <n> answers`,
`error <conn> <why>`. --tamper flips a bit of every sealed answer; --close-every N
ends the connection after N answers (the client must authenticate its next one anew).
"""

import argparse
import base64
import hashlib
import re
import socket
import socketserver
import ssl
import sys
import threading

import spnego
from spnego.channel_bindings import GssChannelBindings

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from wsman_sealing import BOUNDARY, open_sealed, seal  # noqa: E402

FIXTURE_ID = "uuid:11111111-2222-3333-4444-555555555555"


class Log:
    def __init__(self, path):
        self.lock = threading.Lock()
        self.path = path

    def add(self, line):
        with self.lock, open(self.path, "a") as f:
            f.write(line + "\n")


def read_request(rfile):
    line = rfile.readline(65536)
    if not line:
        return None
    headers = {}
    while True:
        h = rfile.readline(65536)
        if not h or h in (b"\r\n", b"\n"):
            break
        k, _, v = h.decode("latin-1").partition(":")
        headers[k.strip().lower()] = v.strip()
    n = int(headers.get("content-length", "0"))
    body = rfile.read(n) if n else b""
    return line.decode("latin-1"), headers, body


def respond(wfile, status, headers, body=b""):
    head = "HTTP/1.1 %s\r\nContent-Length: %d\r\n" % (status, len(body))
    for k, v in headers:
        head += "%s: %s\r\n" % (k, v)
    wfile.write(head.encode("latin-1") + b"\r\n" + body)
    wfile.flush()


def answer(fixtures, soap):
    text = soap.decode("utf-8", "replace")
    m = re.search(r"<(?:\w+:)?Action[^>]*>([^<]*)<", text)
    action = m.group(1).strip() if m else ""
    if action.endswith("/transfer/Get"):
        name = "winrm_get_os.xml"
    elif "Identify" in text:
        name = "identify_winrm.xml"
        action = "Identify"
    else:
        return action, None
    with open("%s/%s" % (fixtures, name), "rb") as f:
        out = f.read().decode("utf-8")
    m = re.search(r"<(?:\w+:)?MessageID[^>]*>([^<]*)<", text)
    if m:
        out = out.replace(FIXTURE_ID, m.group(1).strip())
    return action, out.encode("utf-8")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--protocol", choices=["kerberos", "negotiate"], required=True)
    p.add_argument("--fixtures", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--binding-mismatch", action="store_true",
                   help="expect the binding of another certificate (a mismatch)")
    p.add_argument("--tamper", action="store_true",
                   help="flip one bit of every sealed answer's ciphertext")
    p.add_argument("--close-every", type=int, default=0,
                   help="close the connection after this many answers (Connection: close)")
    args = p.parse_args()
    scheme = "Kerberos" if args.protocol == "kerberos" else "Negotiate"
    protocol = ("application/HTTP-Kerberos-session-encrypted" if args.protocol == "kerberos"
                else "application/HTTP-SPNEGO-session-encrypted")
    log = Log(args.log)
    tls = None
    binding = None
    if args.cert:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.cert, args.key)
        with open(args.cert) as f:
            der = ssl.PEM_cert_to_DER_cert(f.read())
        if args.binding_mismatch:
            der = der + b"another certificate"
        # RFC 5929: the certificate's hash with its signature's hash (SHA-256 here).
        binding = GssChannelBindings(application_data=b"tls-server-end-point:" + hashlib.sha256(der).digest())
    counter = [0]
    counter_lock = threading.Lock()

    class Handler(socketserver.StreamRequestHandler):
        def setup(self):
            if tls:
                self.request = tls.wrap_socket(self.request, server_side=True)
            super().setup()

        def handle(self):
            with counter_lock:
                counter[0] += 1
                conn = counter[0]
            ctx = None
            done = False
            answered = 0
            while True:
                try:
                    req = read_request(self.rfile)
                except (OSError, ValueError, ssl.SSLError):
                    return
                if req is None:
                    return
                _, headers, body = req
                if not done:
                    authz = headers.get("authorization", "")
                    name, _, token = authz.partition(" ")
                    if name.lower() != scheme.lower() or not token:
                        respond(self.wfile, "401 Unauthorized", [("WWW-Authenticate", scheme)])
                        continue
                    if body:
                        log.add("error %d plaintext body in a handshake leg" % conn)
                        respond(self.wfile, "400 Bad Request", [])
                        return
                    try:
                        if ctx is None:
                            ctx = spnego.server(protocol=args.protocol, service="HTTP",
                                                channel_bindings=binding)
                        out = ctx.step(base64.b64decode(token))
                    except Exception as e:  # GSSAPI refused the token
                        log.add("auth %d refused %s" % (conn, str(e).replace("\n", " ")))
                        respond(self.wfile, "401 Unauthorized", [("WWW-Authenticate", scheme)])
                        ctx = None
                        continue
                    hdr = [("WWW-Authenticate", "%s %s" % (scheme, base64.b64encode(out).decode()))] if out else []
                    if ctx.complete:
                        done = True
                        log.add("auth %d ok %s" % (conn, ctx.client_principal))
                        respond(self.wfile, "200 OK", hdr)
                    else:
                        respond(self.wfile, "401 Unauthorized", hdr or [("WWW-Authenticate", scheme)])
                    continue
                ctype = headers.get("content-type", "")
                try:
                    if tls:
                        soap, sealed = body, "plain"
                    else:
                        soap, sealed = open_sealed(ctx, ctype, body, protocol), "sealed"
                except Exception as e:
                    log.add("error %d %s" % (conn, str(e).replace("\n", " ")))
                    respond(self.wfile, "400 Bad Request", [])
                    return
                action, out = answer(args.fixtures, soap)
                log.add("request %d %s %s" % (conn, sealed, action))
                if out is None:
                    respond(self.wfile, "500 Internal Server Error", [])
                    continue
                if tls:
                    respond(self.wfile, "200 OK", [("Content-Type", "application/soap+xml;charset=UTF-8")], out)
                else:
                    ct, sealed_body = seal(ctx, out, protocol)
                    if args.tamper:
                        # The last byte of the ciphertext, just before the closing boundary.
                        i = len(sealed_body) - len(BOUNDARY + b"--\r\n") - 1
                        sealed_body = sealed_body[:i] + bytes([sealed_body[i] ^ 1]) + sealed_body[i + 1:]
                    extra = []
                    answered += 1
                    if args.close_every and answered % args.close_every == 0:
                        extra = [("Connection", "close")]
                    respond(self.wfile, "200 OK", [("Content-Type", ct)] + extra, sealed_body)
                    if extra:
                        log.add("close %d after %d answers" % (conn, answered))
                        return

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

    server = Server(("127.0.0.1", 0), Handler)
    server.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
