"""The query benchmark (`python -m bench.queries`); see __main__ and bench/README.md."""
