"""Budget disclosure site generator: YAML data -> checked Markdown -> MkDocs site."""

__version__ = "0.1.0"
