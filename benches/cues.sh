#!/usr/bin/env bash
# A running session with sound, voice and the metronome at 170 steps a minute,
# beside the same session with all three off, in one block, interleaved.
# Needs aplay (alsa-utils) and espeak-ng: apt-get install -y alsa-utils espeak-ng.
# With no sound card, ALSA's null device takes the audio: the players start,
# read and finish as they would, without pacing to a real device.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cost=../shared/tools/tui-cost.sh
alsa_null=$(mktemp)
printf 'pcm.!default { type null }\n' > "$alsa_null"
export ALSA_CONFIG_PATH=$alsa_null
rounds=${ROUNDS:-3}
session=(target/release/rtr run --program benches/cadence-170.ron --speed 1 --no-notify)
for round in $(seq "$rounds"); do
  data=$(mktemp -d)
  "$cost" --label all-on --seconds 120 --expect-re 'RUN|WALK' -- \
    "${session[@]}" --sound --voice --metronome --data-dir "$data"
  grep -h "sound:" "$data/rtr.log" | sed 's/^/lateness: /'
  "$cost" --label all-off --seconds 120 --expect-re 'RUN|WALK' -- \
    "${session[@]}" --no-sound --no-voice --no-metronome --data-dir "$(mktemp -d)"
done
