"""Speed figures that used to be assertions in the test suite, as ratios against a baseline measured
in the same run (tests never time anything: a busy machine would fail them).

    python -m bench.house [--repeat 5]

- demo generation (`generate_demo`, 5,000 customers) against writing the same frames to CSV;
- masking personal data in every demo voice (`voices.mask`) against one regular expression that
  only replaces e-mail addresses (the cheapest masking there is);
- enrichment of every demo voice (`voices.enrich`: sentiment and themes) against sentiment alone.

Each figure is the median of `--repeat` runs, with its row count.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def median_time(function, repeat: int) -> tuple[float, object]:
    function()  # warm
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.house", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    from analytics import voices, workspace
    from analytics.demo import generate_demo, load_demo

    rows = []
    generate_s, frames = median_time(generate_demo, args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        def write_csv():
            for name, frame in frames.items():
                frame.to_csv(Path(folder) / f"{name}.csv", index=False)
        csv_s, _ = median_time(write_csv, args.repeat)
        count = sum(len(f) for f in frames.values())
        rows.append(("demo generation", count, generate_s, "the same frames to CSV", csv_s))

        con = workspace.connect(Path(folder) / "ws.duckdb")
        load_demo(con)
        texts = [r[0] for r in con.execute("SELECT text FROM voices ORDER BY voice_id").fetchall()]
        names = voices.prepare_names([r[0] for r in con.execute("SELECT name FROM customers").fetchall()])
        mask_s, _ = median_time(lambda: [voices.mask(t, names) for t in texts], args.repeat)
        email_s, _ = median_time(lambda: [EMAIL.sub("[email]", t) for t in texts], args.repeat)
        rows.append(("masking every voice", len(texts), mask_s, "an e-mail-only regex", email_s))

        def enrich_from_nothing():
            with workspace.transaction(con):
                con.execute("DELETE FROM voice_enrichment; DELETE FROM voice_themes;")
                for key in ("enriched_version", "tags_version"):
                    workspace.set_meta(con, key, None)
            return voices.enrich(con)["new"]
        enrich_s, enriched = median_time(enrich_from_nothing, max(1, args.repeat // 2))
        sentiment_s, _ = median_time(lambda: voices.sentiment.score(texts), max(1, args.repeat // 2))
        rows.append(("enrichment (sentiment + themes, stored)", enriched, enrich_s, "sentiment alone",
                     sentiment_s))
        con.close()

    print(f"{'what':<42} {'rows':>8} {'median s':>9} {'per s':>9} {'baseline':>24} {'base s':>8} {'ratio':>7}")
    for what, count, seconds, baseline, base_s in rows:
        print(f"{what:<42} {count:>8,} {seconds:>9.3f} {count / seconds:>9,.0f} {baseline:>24} "
              f"{base_s:>8.3f} {seconds / base_s:>6.1f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
