"""Rubrique's Textual reader and command line."""
