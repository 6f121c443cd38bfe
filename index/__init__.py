"""Rubrique's library: read articles, analyse them, index and search them. Never imports Textual."""
