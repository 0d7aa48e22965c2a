"""Adapters: each turns one format's parsed document into canonical artifacts with a location for every field."""
