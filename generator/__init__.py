"""Next Round generator: YAML knowledge base -> Markdown pages for MkDocs.

load -> validate -> link -> render -> write. See README.md for use.
"""
