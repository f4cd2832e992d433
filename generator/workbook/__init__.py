"""Excel for data entry: `template` writes a workbook laid out from the model, `import` reads it
back into a disclosure's YAML, keeping its comments, refusing formulas and anything hostile, and
writing nothing unless every value is valid.

    layout          which sheet and column holds which field (from the model's labels)
    template        the writer (sheetstyle: looks; instructions: the 填表说明 sheet; codes: lists)
    guard → reader  the file checked before parsing, then values only, each with its sheet!cell
    cells           one cell's value both ways: exact Decimals, dates, codes as text
    merge, yamlio   the existing YAML updated in place (ruamel round trip)
    validate        the project's loader and checks on the result, problems traced back to cells
    importer        read → merge → validate → compare (--force) → write (files: atomically)
"""
