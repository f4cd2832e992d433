"""Python-Markdown extensions of our own (wired in by generator/mkdocs_hook.py)."""
