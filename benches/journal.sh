#!/usr/bin/env bash
# The journal at 100,000 records, far beyond a lifetime of running:
# `rtr history --format csv` time and peak memory, and the session screen's
# first frame with that journal in the data dir.
# Needs hyperfine, python3, GNU time (apt-get install hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$dir/journal.jsonl" <<'PY'
import json, sys, datetime
start = datetime.datetime(2020, 1, 1, 7, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
with open(sys.argv[1], "w") as out:
    for i in range(100_000):
        at = start + datetime.timedelta(hours=11 * i)
        rec = {
            "v": 1, "kind": "session", "id": at.isoformat(timespec="milliseconds"),
            "program": "Return to run", "program_hash": "fnv1a64:f65d8b9ff61788ac",
            "session": f"{i % 10 + 1}.{i % 3 + 1}", "started": at.isoformat(),
            "ended": (at + datetime.timedelta(minutes=64)).isoformat(),
            "ended_early": None if i % 7 else "pain", "resumed": i % 50 == 0,
            "steps_done": 55, "steps_skipped": i % 3, "steps_not_reached": 0,
            "run_seconds": 720, "walk_seconds": 1680, "active_seconds": 3840,
            "paused_seconds": 45, "pauses": 1,
            "skipped": ["14 Walk"] if i % 3 else [],
            "pain_reports": [{"at_seconds": 900, "pain": i % 6, "part": "main", "phase": "run"}],
        }
        out.write(json.dumps(rec, separators=(",", ":")) + "\n")
PY
chmod 600 "$dir/journal.jsonl"
ls -l "$dir/journal.jsonl"
target/release/rtr history --format csv --data-dir "$dir" | tail -n 1
hyperfine --warmup 2 --runs 10 "target/release/rtr history --format csv --data-dir $dir > /dev/null"
/usr/bin/time -f "peak memory: %M KB" target/release/rtr history --format csv --data-dir "$dir" > /dev/null
# A fresh data dir each time (a measured run is stopped, so it leaves a
# checkpoint that the next start would offer), sharing the same journal.
for run in 1 2 3 4 5; do
  fresh=$(mktemp -d -p "$dir")
  ln "$dir/journal.jsonl" "$fresh/journal.jsonl"
  ../shared/tools/tui-cost.sh --label first-frame-100k --seconds 2 --expect-re 'RUN|WALK' -- \
    target/release/rtr run --program programs/demo.ron 1.1 --no-notify --data-dir "$fresh"
done
