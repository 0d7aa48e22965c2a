"""Parsers of repository text (YAML, JSON, Markdown) that keep the line and column of everything they read."""
