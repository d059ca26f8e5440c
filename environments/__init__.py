"""The shipped, verified environments (installed as the `codegym_environments` package; loaded by path)."""
