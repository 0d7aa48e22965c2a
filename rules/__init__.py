"""Built-in rule packs (YAML data); this file only makes the folder importable as aims_lint.rules."""
