#!/usr/bin/env bash
# A session's cost with the treadmill and sensors: the plain timer, the
# simulated treadmill, the simulated treadmill, strap and footpod, and a
# treadmill over Bluetooth (BlueZ mocked on a private D-Bus by
# tests/bluez/ftms_treadmill.py: rtr's own radio thread and D-Bus traffic,
# not a radio's). 60 s each, interleaved, ROUNDS rounds (default 1).
# Needs tmux, dbus-daemon and python3-dbusmock.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cost=../shared/tools/tui-cost.sh
rounds=${ROUNDS:-1}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

cat > "$work/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>system</type><listen>unix:path=$work/bus</listen>
<policy context="default"><allow user="*"/><allow own="*"/>
<allow send_destination="*"/><allow receive_sender="*"/></policy></busconfig>
CONF
dbus-daemon --config-file="$work/bus.conf" --nofork 2>/dev/null &
sleep 0.5
bus="unix:path=$work/bus"
DBUS_SYSTEM_BUS_ADDRESS=$bus /usr/bin/python3 -m dbusmock --system --template tests/bluez/ftms_treadmill.py \
  -p "{\"log\": \"$work/writes\"}" >/dev/null &
sleep 1.5
cat > "$work/config.ron" <<CONF
(treadmill: Device(id: "hci0/dev_C8_2E_47_01_02_03", name: "Mock FTMS treadmill"))
CONF

session="run --program programs/demo.ron 1.1 --speed 1 --no-sound --no-voice --no-metronome"
# Every run on a system bus: no bus (as in the tests) but for the treadmill
# over Bluetooth, whose bus is the mock's (no logind on either).
measure() {
  local label=$1 system_bus=$2
  shift 2
  "$cost" --label "$label" --seconds 60 --expect-re 'RUN|WALK' -- \
    env DBUS_SYSTEM_BUS_ADDRESS="$system_bus" \
    target/release/rtr $session --data-dir "$(mktemp -d)" "$@"
}
no_bus=unix:path=/nonexistent
for round in $(seq "$rounds"); do
  measure plain "$no_bus"
  measure sim-treadmill "$no_bus" --treadmill sim
  measure sim-all "$no_bus" --treadmill sim --strap sim --footpod sim
  measure bluez-treadmill "$bus" --config "$work/config.ron"
done
echo "control point writes the mocked treadmill took: $(wc -l < "$work/writes")"
