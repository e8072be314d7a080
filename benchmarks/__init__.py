"""juesuan's benchmarks (`make bench`, `python -m benchmarks`): ingest throughput, analysis at
scale against a plain pandas implementation, and the report build. See benchmarks/README.md."""
