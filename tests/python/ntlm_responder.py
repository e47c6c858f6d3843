#!/usr/bin/env python3
"""A WinRM-shaped WS-Management responder whose authentication is a real acceptor.

The server side of NTLM/Negotiate is pyspnego's (the library Python's WinRM clients use),
not ours: it checks the client's NTLMv2 response against the password in NTLM_USER_FILE
(lines `DOMAIN:USER:PASSWORD`), the channel binding over HTTPS, and it seals and opens the
MS-WSMV `multipart/encrypted` bodies with its own WinRM helpers (`wrap_winrm`,
`unwrap_winrm`). The framing around them is parsed and written here, independently of
the client's code, so a client that frames differently fails.

Run by tests/wsman_ntlm.rs:

    ntlm_responder.py --fixtures DIR --events FILE --port-file FILE [--cert PEM --key PEM]

Each connection has its own security context, as a real server's (HTTP/1.1 keep-alive).
The URL path `/SCENARIO` or `/SCENARIO-LABEL` picks a scenario (the label only names the
session in the events):

  /ntlm        pyspnego's NTLM acceptor          /negotiate  its Negotiate acceptor
  /basiconly   offers only Basic                 /tamper     flips a ciphertext byte
  /plain       answers unsealed after the handshake
  /close3      closes the connection after every third sealed answer
  /cbtwrong    (HTTPS) expects the binding of another certificate
  /nocbt       (HTTPS) expects no binding at all
  /stallauth   does not answer the last handshake leg (30 s)

The answers are fixtures (tests/wsman-fixtures/responses) with the request's MessageID
as their RelatesTo; GetClass is refused (WinRM's is), so results come as strings. One
line per event goes to the events file: `handshake SCENARIO`, `denied SCENARIO REASON`,
`sealed SCENARIO ACTION`, `unsealed-request SCENARIO`, `leg-with-body SCENARIO`,
`connection`, `closed-by-server SCENARIO`.
"""

import argparse
import base64
import hashlib
import os
import re
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import spnego
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from spnego.channel_bindings import GssChannelBindings

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import wsman_sealing  # noqa: E402
from wsman_sealing import BOUNDARY, SOAP  # noqa: E402,F401 (BOUNDARY: for credssp_responder.py)

FIXTURE_ID = "uuid:11111111-2222-3333-4444-555555555555"
PROTOCOL = "application/HTTP-SPNEGO-session-encrypted"

EVENTS_LOCK = threading.Lock()


def event(path, line):
    with EVENTS_LOCK, open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")


def end_point_binding(cert_der):
    """RFC 5929 tls-server-end-point: the certificate's hash by its signature's hash
    algorithm, SHA-256 where that is MD5 or SHA-1."""
    cert = x509.load_der_x509_certificate(cert_der)
    algorithm = cert.signature_hash_algorithm
    if algorithm is None or isinstance(algorithm, (hashes.MD5, hashes.SHA1)):
        algorithm = hashes.SHA256()
    digest = hashes.Hash(algorithm)
    digest.update(cert_der)
    return b"tls-server-end-point:" + digest.finalize()


def element(text, tag):
    m = re.search(r"<(?:\w+:)?%s(?:\s[^>]*)?>([^<]*)</" % tag, text)
    return m.group(1) if m else None


def open_sealed(ctx, content_type, body):
    """The plaintext of a sealed request under this module's PROTOCOL."""
    return wsman_sealing.open_sealed(ctx, content_type, body, PROTOCOL)


def seal(ctx, plain):
    """A sealed answer under this module's PROTOCOL (credssp_responder.py sets it)."""
    return wsman_sealing.seal(ctx, plain, PROTOCOL)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Microsoft-HTTPAPI/2.0"

    def setup(self):
        super().setup()
        self.ctx = None
        self.sealed_answers = 0
        event(self.server.events, "connection")

    def log_message(self, *args):  # quiet
        pass

    def reply(self, status, headers=(), body=b"", close=False):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def new_context(self, scenario):
        bindings = None
        if self.server.binding is not None and scenario != "nocbt":
            data = self.server.binding
            if scenario == "cbtwrong":
                data = b"tls-server-end-point:" + hashlib.sha256(b"another certificate").digest()
            bindings = GssChannelBindings(application_data=data)
        protocol = "negotiate" if scenario == "negotiate" else "ntlm"
        return spnego.server(channel_bindings=bindings, protocol=protocol)

    def do_POST(self):
        # `/SCENARIO` or `/SCENARIO-LABEL`: the label tells sessions apart in the events.
        label = self.path.strip("/")
        scenario = label.split("-")[0]
        events = self.server.events
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        auth = self.headers.get("Authorization")
        if scenario == "basiconly":
            return self.reply(401, [("WWW-Authenticate", 'Basic realm="WSMAN"')])
        if auth:
            scheme, _, token = auth.partition(" ")
            if scheme.lower() != "negotiate":
                return self.reply(401, [("WWW-Authenticate", "Negotiate")])
            if body:
                event(events, "leg-with-body " + label)
            if self.ctx is None or self.ctx.complete:
                self.ctx = self.new_context(scenario)
            elif scenario == "stallauth":
                time.sleep(30)  # never answers the last leg in time
                self.close_connection = True
                return
            try:
                out = self.ctx.step(base64.b64decode(token))
            except Exception as e:  # the acceptor refused the token
                self.ctx = None
                event(events, "denied %s %s" % (label, " ".join(str(e).split())))
                return self.reply(401, [("WWW-Authenticate", "Negotiate")])
            if not self.ctx.complete:
                return self.reply(401, [("WWW-Authenticate", "Negotiate " + base64.b64encode(out).decode())])
            event(events, "handshake " + label)
            headers = [("WWW-Authenticate", "Negotiate " + base64.b64encode(out).decode())] if out else []
            return self.reply(200, headers)
        if self.ctx is None or not self.ctx.complete:
            return self.reply(401, [("WWW-Authenticate", "Negotiate")])
        if self.server.binding is not None:
            # HTTPS: TLS protects the messages; WinRM seals nothing inside it.
            plain = body
            if self.headers.get("Content-Type", "").lower().startswith("multipart/encrypted"):
                event(events, "sealed-inside-tls " + label)
        else:
            try:
                plain = open_sealed(self.ctx, self.headers.get("Content-Type", ""), body)
            except Exception as e:
                event(events, "unsealed-request %s %s" % (label, " ".join(str(e).split())))
                return self.reply(400, close=True)
        text = plain.decode("utf-8")
        action = (element(text, "Action") or "Identify").rsplit("/", 1)[-1]
        resource = element(text, "ResourceURI") or ""
        answer, status = self.answer(text, action, resource)
        if self.server.binding is not None:
            event(events, "tls %s %s" % (label, action))
            return self.reply(status, [("Content-Type", SOAP)], answer)
        event(events, "sealed %s %s" % (label, action))
        if scenario == "plain":
            return self.reply(status, [("Content-Type", SOAP)], answer)
        content_type, sealed = seal(self.ctx, answer)
        if scenario == "tamper":
            sealed = bytearray(sealed)
            sealed[-len(b"--Encrypted Boundary--\r\n") - 3] ^= 0x40
            sealed = bytes(sealed)
        self.sealed_answers += 1
        close = scenario == "close3" and self.sealed_answers % 3 == 0
        if close:
            event(events, "closed-by-server " + label)
        self.reply(status, [("Content-Type", content_type)], sealed, close=close)

    def answer(self, text, action, resource):
        if element(text, "Action") is None and "Identify" in text:
            name, status = "identify_winrm.xml", 200
        elif "cim-xml" in resource:
            name, status = "fault_action_not_supported.xml", 500
        elif action == "Get" and resource.endswith("/Win32_OperatingSystem"):
            name, status = "winrm_get_os.xml", 200
        else:
            name, status = "fault_destination_unreachable.xml", 500
        with open(os.path.join(self.server.fixtures, name), encoding="utf-8") as f:
            fixture = f.read()
        message_id = element(text, "MessageID")
        if message_id:
            fixture = fixture.replace(FIXTURE_ID, message_id)
        return fixture.encode("utf-8"), status


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--fixtures", required=True)
    p.add_argument("--events", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--cert")
    p.add_argument("--key")
    a = p.parse_args()
    if not os.environ.get("NTLM_USER_FILE"):
        sys.exit("NTLM_USER_FILE is not set")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.fixtures, server.events, server.binding = a.fixtures, a.events, None
    if a.cert:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(a.cert, a.key)
        server.socket = tls.wrap_socket(server.socket, server_side=True)
        with open(a.cert, encoding="ascii") as f:
            der = ssl.PEM_cert_to_DER_cert(f.read())
        server.binding = end_point_binding(der)
    tmp = a.port_file + ".tmp"
    with open(tmp, "w", encoding="ascii") as f:
        f.write(str(server.server_address[1]))
    os.replace(tmp, a.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
