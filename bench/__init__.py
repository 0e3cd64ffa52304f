"""Heartbeat's benchmark: import speed and peak memory as ratios against baselines measured in the
same run (see bench/README.md). Run with `python -m bench.run`."""
