"""HTTPS for the emulator: a local certificate authority and a serving certificate.

Some clients accept only `https://` URLs. `zoomstack emulator --tls` serves over
TLS with a certificate signed by a local CA (made with trustme); clients trust the
CA bundle it prints (`SSL_CERT_FILE`, `REQUESTS_CA_BUNDLE`, `NODE_EXTRA_CA_CERTS`).
The CA is made once per directory and kept, so a bundle trusted once stays valid
across restarts; the serving certificate is issued anew at each start, for the
host names the emulator answers on.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import trustme

CA_CERT = "ca.pem"
CA_KEY = "ca-key.pem"
SERVER_CERT = "server.pem"
SERVER_KEY = "server-key.pem"
_ANY_ADDRESS = {"0.0.0.0", "::", ""}


@dataclass(frozen=True, slots=True)
class TlsFiles:
    ca_bundle: Path  # what clients trust
    certfile: Path  # the serving certificate and its chain
    keyfile: Path


def _load_or_create_ca(directory: Path) -> trustme.CA:
    cert, key = directory / CA_CERT, directory / CA_KEY
    if cert.exists() and key.exists():
        return trustme.CA.from_pem(cert.read_bytes(), key.read_bytes())
    ca = trustme.CA(organization_name="zoomstack local CA")
    directory.mkdir(parents=True, exist_ok=True)
    key.touch(mode=0o600)
    ca.private_key_pem.write_to_path(str(key))
    ca.cert_pem.write_to_path(str(cert))
    return ca


def server_names(host: str, public_url: str = "") -> list[str]:
    """The names a certificate for an emulator on `host` must carry: loopback always,
    the bind host unless it is a wildcard address, and the public URL's host."""
    names = ["localhost", "127.0.0.1", "::1"]
    public_host = urlsplit(public_url).hostname if public_url else None
    for name in (host, public_host):
        if name and name not in _ANY_ADDRESS and name not in names:
            names.append(name)
    return names


def _identity(name: str) -> str:
    """trustme takes IP addresses as text, without IPv6 brackets."""
    try:
        return str(ipaddress.ip_address(name.strip("[]")))
    except ValueError:
        return name


def ensure_tls(directory: Path, names: Iterable[str]) -> TlsFiles:
    """The CA in `directory` (made if missing) and a new serving certificate for `names`."""
    ca = _load_or_create_ca(directory)
    leaf = ca.issue_cert(*(_identity(name) for name in names))
    certfile, keyfile = directory / SERVER_CERT, directory / SERVER_KEY
    keyfile.touch(mode=0o600)
    leaf.private_key_pem.write_to_path(str(keyfile))
    certfile.write_bytes(b"".join(blob.bytes() for blob in leaf.cert_chain_pems))
    return TlsFiles(directory / CA_CERT, certfile, keyfile)
