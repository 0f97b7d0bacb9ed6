"""Linking: decide which real-world entity each extracted name is, with Wikidata QIDs.

* :mod:`kg.link.gazetteer` - the known entities (``data/gazetteer/*.jsonl``) and lookups.
* :mod:`kg.link.linker` - :class:`~kg.link.linker.Linker`: candidates from an alias table
  (Arabic and English, spelling variants, lone surnames), ranking by type, article context and
  popularity, NIL decisions, and merging of entities that are the same thing.  The extractor
  calls ``Linker.for_gazetteer(self.gazetteer).link_extraction(extraction)`` on every article
  (``Linker.default()`` when it uses the shipped gazetteer).
* :mod:`kg.link.online` - opt-in Wikidata API look-ups for names the gazetteer does not know,
  through an on-disk cache (``kg ingest --online``; ``KG_LINK_CACHE_ONLY=1`` replays the cache).
* :mod:`kg.link.importer` - ``kg gazetteer import``: Wikidata dumps and SPARQL results.
* :mod:`kg.link.report` - ``kg link``: unlinked names by frequency.
"""
