"""Agencies across years: identity, place and level, and the agency-year panel.

names -> agencies (ids, alias file, near-collisions) -> places (division codes,
level, kind) -> panel (agency-year rows). Cross-year checks live in
:mod:`govtext.checks.crossyear`.
"""
from govtext.panel.agencies import agency_table, load_aliases, make_agency_id, near_collisions, resolve_names
from govtext.panel.names import agency_key, clean_agency_name
from govtext.panel.panel import corpus_agencies, corpus_collisions, corpus_panel, panel_table, report_table
from govtext.panel.places import infer_kind, infer_level, infer_place

__all__ = [
    "agency_key", "agency_table", "clean_agency_name", "corpus_agencies", "corpus_collisions", "corpus_panel",
    "infer_kind", "infer_level", "infer_place", "load_aliases", "make_agency_id", "near_collisions",
    "panel_table", "report_table", "resolve_names",
]
