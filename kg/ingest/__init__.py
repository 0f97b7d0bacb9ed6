"""Reading articles from files: see :mod:`kg.ingest.readers`."""

from kg.ingest.readers import read_file, read_paths, register_reader, supported_extensions

__all__ = ["read_file", "read_paths", "register_reader", "supported_extensions"]
