"""CEL, in one package: the only code that imports the binding (`cel_expr_python`).

- `environment`: the CEL environment, our helpers, compiling and evaluating expressions;
- `view`: the dossier as rules see it (plain data ready for CEL);
- `checked`: the type-checked syntax tree the binding hands out, read from its bytes;
- `analysis`: what a compiled expression reads and walks (fields, variables, depth).
"""
