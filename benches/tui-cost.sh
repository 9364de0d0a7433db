#!/usr/bin/env bash
# The running session's cost beside two peer timers, in one block, interleaved
# (../shared/tools/README.md says how to install porsmo and termdown).
# Then the timer's accuracy at --speed 1 and --speed 10.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cost=../shared/tools/tui-cost.sh
rounds=${ROUNDS:-3}
# The timer alone, like its peers; benches/cues.sh measures it with sound,
# voice and the metronome on.
plain="--no-sound --no-voice --no-metronome"
for round in $(seq "$rounds"); do
  "$cost" --label rtr --seconds 60 --expect-re 'RUN|WALK' -- \
    target/release/rtr run --program programs/demo.ron 1.1 --speed 1 --data-dir "$(mktemp -d)" $plain
  "$cost" --label porsmo --seconds 60 -- porsmo stopwatch
  "$cost" --label termdown --seconds 60 -- termdown 100
done
"$cost" --label accuracy-x1 --repeat 3 --seconds 100 --target 100 --finish 'Session complete' -- \
  target/release/rtr run --program programs/demo.ron 1.1 --speed 1 --data-dir "$(mktemp -d)"
"$cost" --label accuracy-x10 --repeat 3 --seconds 10 --target 10 --finish 'Session complete' -- \
  target/release/rtr run --program programs/demo.ron 1.1 --speed 10 --data-dir "$(mktemp -d)"
# The first phase change (warm-up walk to run) is due 20 s into the session.
"$cost" --label phase-change --repeat 3 --seconds 20 --target 20 --finish '» RUN · ' -- \
  target/release/rtr run --program programs/demo.ron 1.1 --speed 1 --data-dir "$(mktemp -d)"
