#!/usr/bin/env bash
# `rtr check` as a user runs it, on the worst files it may be given: one just
# under the 1 MiB cap, one over it, and one of 10,000 nested brackets.
# Needs hyperfine (apt-get install hyperfine) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$dir" <<'PY'
import sys
d = sys.argv[1]
week = ('    Week(focus: "Cadence +5 %", sessions: [\n'
        '        Session(main: [Repeat(times: 6, steps: [Run(time: "2:00", speed: 8.5, '
        'cue: "Short steps"), Walk(time: "3:00")])]),\n'
        '        Session(main: [Run(time: "20:00"), Walk(time: "1:00"), Run(time: "9:00")]),\n'
        '    ]),\n')
head, tail = 'Program(\n  name: "Generated",\n  weeks: [\n', '  ],\n)\n'
cap = 1024 * 1024
n = (cap - len(head) - len(tail)) // len(week)
open(f"{d}/near-cap.ron", "w").write(head + week * n + tail)
open(f"{d}/over-cap.ron", "w").write(" " * (cap + 1))
nest = 'Repeat(times: 1, steps: [' * 10000 + 'Run(time: "1m")' + '])' * 10000
open(f"{d}/nested.ron", "w").write(
    'Program(name: "x", weeks: [Week(sessions: [Session(main: [' + nest + '])])])')
PY
ls -l "$dir"
for f in over-cap nested; do
  echo "== rtr check $f.ron"
  target/release/rtr check "$dir/$f.ron" | cut -c1-120 || true
done
hyperfine --warmup 3 --runs 20 "target/release/rtr check $dir/near-cap.ron"
