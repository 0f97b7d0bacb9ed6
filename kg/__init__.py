"""diplomacy-kg: diplomacy news (Arabic, English) -> an RDF knowledge graph."""

__version__ = "0.1.0"
