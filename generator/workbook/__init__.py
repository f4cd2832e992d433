"""Excel for data entry: `template` writes a workbook laid out from the model, `import` reads it
back into a disclosure's YAML, keeping comments, refusing formulas and anything hostile, and
writing nothing unless every value is valid.

layout (which sheet holds what) → template (writer) / reader (values with their cells) →
merge + yamlio (round-trip YAML) → validate (the project's loader and checks) → importer.
"""
