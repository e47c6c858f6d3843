#!/usr/bin/env python3
"""A WinRM-shaped WS-Management responder whose CredSSP acceptor is pyspnego's.

pyspnego's CredSSP acceptor (`spnego.server(protocol="credssp")`) runs the TLS server in
the HTTP tokens (with the certificate it generates; TLS 1.2 or newer), the NTLM/Negotiate
acceptor inside it (checking the password of NTLM_USER_FILE, lines `DOMAIN:USER:PASSWORD`),
the pubKeyAuth check, and receives the delegated TSCredentials. It also seals and opens the
messages (`wrap_winrm`, `unwrap_winrm`). The MS-WSMV framing around them, including bodies
of several parts (`multipart/x-multi-encrypted`, one part per 16 KiB), is parsed and
written here, independently of the client's code.

Run by tests/wsman_credssp.rs:

    credssp_responder.py --fixtures DIR --events FILE --port-file FILE [--cert PEM --key PEM]

Over HTTPS (--cert) the messages go unsealed inside that TLS, as WinRM has them.

The URL path `/SCENARIO` or `/SCENARIO-LABEL` picks a scenario:

  /credssp    pyspnego's CredSSP acceptor      /basiconly  offers only Negotiate and Basic
  /tamper     flips a ciphertext byte          /plain      answers unsealed after the handshake
  /badtls     answers the ClientHello with a TLS handshake_failure alert

The answers are those of ntlm_responder.py (its `Handler.answer`: fixtures with the
request's MessageID). Events, one line each: `connection`, `handshake LABEL TLSVERSION
CIPHER`, `denied LABEL STAGE`, `delegated LABEL DOMAIN USER password-matches|password-differs`,
`sealed LABEL ACTION PARTS`, `tls LABEL ACTION` (HTTPS), `unsealed-request LABEL REASON`, `leg-with-body LABEL`.
"""

import base64
import os
import re
import sys

import spnego

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ntlm_responder  # noqa: E402
from ntlm_responder import BOUNDARY, SOAP, Handler, element, event  # noqa: E402

PROTOCOL = "application/HTTP-CredSSP-session-encrypted"
# ntlm_responder's seal() frames one part under its module's PROTOCOL: this process seals
# CredSSP only (every answer is under 16 KiB, one part).
ntlm_responder.PROTOCOL = PROTOCOL
seal = ntlm_responder.seal
# A TLS 1.2 record: alert, fatal, handshake_failure.
HANDSHAKE_FAILURE = bytes([21, 3, 3, 0, 2, 2, 40])


def users():
    """The user file as {(DOMAIN, USER): PASSWORD}."""
    out = {}
    with open(os.environ["NTLM_USER_FILE"], encoding="utf-8") as f:
        for line in f:
            domain, user, password = line.rstrip("\n").split(":", 2)
            out[(domain.upper(), user.lower())] = password
    return out


def open_sealed(ctx, content_type, body):
    """The plaintext of a sealed request and its number of parts; ValueError on any
    framing error."""
    kind = content_type.split(";")[0].strip().lower()
    if kind not in ("multipart/encrypted", "multipart/x-multi-encrypted"):
        raise ValueError("not multipart/encrypted: %r" % content_type)
    if 'protocol="%s"' % PROTOCOL not in content_type:
        raise ValueError("wrong protocol in %r" % content_type)
    pieces = body.split(BOUNDARY)
    # ['', head1, data1, head2, data2, ..., '--\r\n']
    if len(pieces) < 4 or len(pieces) % 2 != 0 or pieces[-1].strip() != b"--" or pieces[0]:
        raise ValueError("bad multipart body: %d pieces" % len(pieces))
    parts = (len(pieces) - 2) // 2
    if (parts > 1) != (kind == "multipart/x-multi-encrypted"):
        raise ValueError("%d parts under %s" % (parts, kind))
    plain = b""
    for i in range(parts):
        head = pieces[1 + 2 * i].decode("ascii")
        m = re.search(r"OriginalContent:\s*type=([^;]+;charset=[^;]+);Length=(\d+)", head)
        if not m or "Content-Type: %s" % PROTOCOL not in head:
            raise ValueError("bad part header: %r" % head)
        marker = b"Content-Type: application/octet-stream\r\n"
        data = pieces[2 + 2 * i]
        at = data.find(marker)
        if at < 0:
            raise ValueError("no octet-stream part")
        blob = data[at + len(marker):]
        header_len = int.from_bytes(blob[:4], "little")
        chunk = ctx.unwrap_winrm(blob[4:4 + header_len], blob[4 + header_len:])
        if len(chunk) != int(m.group(2)):
            raise ValueError("Length=%s but %d bytes" % (m.group(2), len(chunk)))
        if len(chunk) > 16 * 1024:
            raise ValueError("a part of %d bytes (over 16 KiB)" % len(chunk))
        plain += chunk
    return plain, parts


class CredSSPHandler(Handler):
    def do_POST(self):
        label = self.path.strip("/")
        scenario = label.split("-")[0]
        events = self.server.events
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        auth = self.headers.get("Authorization")
        if scenario == "basiconly":
            return self.reply(401, [("WWW-Authenticate", "Negotiate"), ("WWW-Authenticate", 'Basic realm="WSMAN"')])
        if auth:
            scheme, _, token = auth.partition(" ")
            if scheme.lower() != "credssp":
                return self.reply(401, [("WWW-Authenticate", "CredSSP")])
            if body:
                event(events, "leg-with-body " + label)
            if self.ctx is None or self.ctx.complete:
                if scenario == "badtls":
                    b64 = base64.b64encode(HANDSHAKE_FAILURE).decode()
                    return self.reply(401, [("WWW-Authenticate", "CredSSP " + b64)])
                self.ctx = spnego.server(protocol="credssp")
            try:
                out = self.ctx.step(base64.b64decode(token))
            except Exception as e:  # the acceptor refused the token
                self.ctx = None
                event(events, "denied %s %s" % (label, " ".join(str(e).split())))
                return self.reply(401, [("WWW-Authenticate", "CredSSP")])
            if self.ctx.get_extra_info("auth_stage") == "Authentication failure":
                event(events, "denied %s Authentication failure" % label)
            if not self.ctx.complete:
                header = "CredSSP " + base64.b64encode(out).decode() if out else "CredSSP"
                return self.reply(401, [("WWW-Authenticate", header)])
            ssl_object = self.ctx.get_extra_info("ssl_object")
            cipher, version, _ = ssl_object.cipher()
            event(events, "handshake %s %s %s" % (label, version, cipher))
            creds = self.ctx.get_extra_info("client_credential")
            expected = users().get((creds.domain_name.upper(), creds.username.lower()))
            same = "password-matches" if expected == creds.password else "password-differs"
            event(events, "delegated %s %s %s %s" % (label, creds.domain_name, creds.username, same))
            headers = [("WWW-Authenticate", "CredSSP " + base64.b64encode(out).decode())] if out else []
            return self.reply(200, headers)
        if self.ctx is None or not self.ctx.complete:
            return self.reply(401, [("WWW-Authenticate", "CredSSP")])
        https = self.server.binding is not None
        content_type = self.headers.get("Content-Type", "")
        try:
            if https:
                # WinRM seals nothing inside HTTPS, whatever the scheme.
                if content_type.lower().startswith("multipart/"):
                    raise ValueError("sealed inside TLS")
                plain = body
            else:
                plain, parts = open_sealed(self.ctx, content_type, body)
        except Exception as e:
            event(events, "unsealed-request %s %s" % (label, " ".join(str(e).split())))
            return self.reply(400, close=True)
        text = plain.decode("utf-8")
        action = (element(text, "Action") or "Identify").rsplit("/", 1)[-1]
        resource = element(text, "ResourceURI") or ""
        answer, status = self.answer(text, action, resource)
        if https:
            event(events, "tls %s %s" % (label, action))
            return self.reply(status, [("Content-Type", SOAP)], answer)
        event(events, "sealed %s %s %d" % (label, action, parts))
        if scenario == "plain":
            return self.reply(status, [("Content-Type", SOAP)], answer)
        content_type, sealed = seal(self.ctx, answer)
        if scenario == "tamper":
            sealed = bytearray(sealed)
            sealed[-len(b"--Encrypted Boundary--\r\n") - 3] ^= 0x40
            sealed = bytes(sealed)
        self.reply(status, [("Content-Type", content_type)], sealed)


if __name__ == "__main__":
    # ntlm_responder's main() (arguments, port file, serving) with this handler.
    ntlm_responder.Handler = CredSSPHandler
    ntlm_responder.main()
