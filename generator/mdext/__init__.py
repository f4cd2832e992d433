"""Python-Markdown extensions of our own (wired in by generator/plugin.py)."""
