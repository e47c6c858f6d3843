"""MS-WSMV 2.2.9.1 `multipart/encrypted` framing for the test responders
(ntlm_responder.py, gss_responder.py): parsed and written here, independently of the
client's code, around pyspnego's own `wrap_winrm` / `unwrap_winrm`, so a client that
frames differently fails. One encrypted part per body (no multi-part CredSSP bodies).
"""

import re

BOUNDARY = b"--Encrypted Boundary"
SOAP = "application/soap+xml;charset=UTF-8"


def open_sealed(ctx, content_type, body, protocol):
    """The plaintext of a sealed request; raises ValueError on any framing error and on a
    Length= that is not the plaintext's."""
    if not content_type.lower().startswith("multipart/encrypted"):
        raise ValueError("not multipart/encrypted: %r" % content_type)
    if 'protocol="%s"' % protocol not in content_type:
        raise ValueError("wrong protocol in %r" % content_type)
    parts = body.split(BOUNDARY)
    # ['', '\r\n[\t]Content-Type: ...\r\n[\t]OriginalContent: ...\r\n',
    #  '\r\n[\t]Content-Type: application/octet-stream\r\n<len><header><data>', '--\r\n']
    if len(parts) != 4 or parts[3].strip() != b"--":
        raise ValueError("expected one encrypted part, got %d pieces" % len(parts))
    head = parts[1].decode("ascii")
    m = re.search(r"OriginalContent:\s*type=([^;]+;charset=[^;]+);Length=(\d+)", head)
    if not m or "Content-Type: %s" % protocol not in head:
        raise ValueError("bad first part: %r" % head)
    length = int(m.group(2))
    marker = b"Content-Type: application/octet-stream\r\n"
    at = parts[2].find(marker)
    if at < 0:
        raise ValueError("no octet-stream part")
    blob = parts[2][at + len(marker):]
    header_len = int.from_bytes(blob[:4], "little")
    header, data = blob[4:4 + header_len], blob[4 + header_len:]
    plain = ctx.unwrap_winrm(header, data)
    if len(plain) != length:
        raise ValueError("Length=%d but %d bytes" % (length, len(plain)))
    return plain


def seal(ctx, plain, protocol):
    """The Content-Type and body of a sealed answer (MS-WSMV's tab-indented part headers,
    as WinRM writes them)."""
    wrapped = ctx.wrap_winrm(plain)
    body = b"".join([
        BOUNDARY, b"\r\n",
        b"\tContent-Type: " + protocol.encode() + b"\r\n",
        b"\tOriginalContent: type=" + SOAP.encode() + b";Length=%d\r\n" % (len(plain) + wrapped.padding_length),
        BOUNDARY, b"\r\n",
        b"\tContent-Type: application/octet-stream\r\n",
        len(wrapped.header).to_bytes(4, "little"), wrapped.header, wrapped.data,
        BOUNDARY, b"--\r\n",
    ])
    content_type = 'multipart/encrypted;protocol="%s";boundary="Encrypted Boundary"' % protocol
    return content_type, body
