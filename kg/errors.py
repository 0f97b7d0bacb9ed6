"""The catalogue of errors the library raises.

Every message starts with a stable code (``[KG101]``) so users can search for it and tests
can pin it, and says what to do next. Library code raises these; only ``kg.cli`` turns them
into exit codes, and only ``kg.server`` turns them into HTTP error bodies.
"""

from __future__ import annotations


class KGError(Exception):
    """Base class: a problem the user can act on (not a bug)."""

    code = "KG000"
    #: HTTP status the server answers with when this error reaches a client.
    http_status = 500

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(KGError):
    """An article file cannot be read (empty, binary, wrong encoding, too big, bad JSON)."""

    code = "KG101"
    http_status = 400


class StoreError(KGError):
    """The store directory cannot be opened or written."""

    code = "KG201"
    http_status = 503


class StoreLockedError(StoreError):
    """Another process holds the store open for writing."""

    code = "KG202"


class QueryError(KGError):
    """A SPARQL query or update did not parse or failed to run."""

    code = "KG301"
    http_status = 400


class QueryTimeoutError(KGError):
    """A query ran longer than the configured limit and was stopped."""

    code = "KG302"
    http_status = 503


class QueryTooLargeError(KGError):
    """A query text or its result exceeds the configured limits."""

    code = "KG303"
    http_status = 413


class AuthError(KGError):
    """A write was attempted without the right token."""

    code = "KG401"
    http_status = 401


class WritesDisabledError(AuthError):
    """Writes are switched off on this server (no write token configured)."""

    code = "KG402"
    http_status = 403


class NotFoundError(KGError):
    """Nothing in the store (or the server) under this name."""

    code = "KG404"
    http_status = 404


class FormatError(KGError):
    """An unknown or unsupported input/output format was asked for."""

    code = "KG501"
    http_status = 406


class ModelError(KGError):
    """An NLP model (UDPipe, spaCy) is missing or cannot be loaded."""

    code = "KG601"


class ConfigError(KGError):
    """A configuration file or value is invalid."""

    code = "KG701"


class ValidationError(KGError):
    """SHACL validation found violations."""

    code = "KG801"
