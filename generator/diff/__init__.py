"""`python -m generator diff OLD NEW`: a review of a change to the data, in the terms a finance
bureau reads — amounts per statutory table and row in 万元, projects, wording, check findings.

    sources  (git ref or folder → a loaded, derived, checked side)
    → compare (tables.py, texts.py, findings.py → typed changes, changes.py)
    → render_md / render_text / render_json
"""
