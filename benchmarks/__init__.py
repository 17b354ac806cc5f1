"""Benchmarks for Next Round: a synthetic knowledge base (synth), build timing (run)
and page weight plus Lighthouse (pageweight). `make bench` runs them; see RESULTS.md."""
