#!/usr/bin/env bash
# `rtr export --all` over a journal of 100,000 session records, each with
# the steps a real recorder writes (spans, the program's speed and incline,
# the treadmill's metres, the strap's heart rate, the footpod's cadence):
# its time (hyperfine), its peak memory (GNU time), and how many files and
# bytes it writes.
# Needs hyperfine, python3, GNU time (apt-get install hyperfine time), and
# about 8 GB free where mktemp puts its folder (set TMPDIR to choose; not a
# tmpfs, so that the figures are a disk's).
# RECORDS=1000 benches/export.sh runs it small.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
rtr="${CARGO_TARGET_DIR:-target}/release/rtr"
records=${RECORDS:-100000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$dir/journal.jsonl" "$records" <<'PY'
import json, sys, datetime

# A session like the built-in program's 1.2: a 5-minute warm-up walk, three
# minutes of drills, six times a minute's run and four minutes' walk, a
# 5-minute cool-down walk: 15 steps, 43 minutes.
PLAN = [("warmup", "walk", "Walk", 300, None, None),
        ("warmup", "drill", "Drills: leg swings, marching", 180, None, None)]
for _ in range(6):
    PLAN += [("main", "run", "Run", 60, 8.0, 1.0), ("main", "walk", "Walk", 240, 5.5, None)]
PLAN.append(("cooldown", "walk", "Walk", 300, None, None))

start = datetime.datetime(2020, 1, 1, 7, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
records = int(sys.argv[2])
with open(sys.argv[1], "w") as out:
    for i in range(records):
        at = start + datetime.timedelta(hours=11 * i)
        # One in seven ended early for pain in the fourth run; one in three
        # skips the sixth walk; one in five paused 45 s in the second run;
        # one in fifty resumed after a crash in the third walk; one in ten
        # with no treadmill (the distance is the program's), one in four with
        # no strap or footpod.
        early = i % 7 == 0
        treadmill = i % 10 != 0
        sensors = i % 4 != 0
        steps, clock, run, walk, skipped = [], 0, 0, 0, []
        pause_ms = 0
        resumes = []
        for n, (part, phase, label, seconds, kmh, incline) in enumerate(PLAN, 1):
            if early and n > 9:
                break
            step = {"step": n, "part": part, "phase": phase, "label": label, "outcome": "done"}
            ms = seconds * 1000
            if i % 3 and n == 12:
                ms = 4000
                step["outcome"] = "skipped"
                skipped.append({"step": n, "label": label})
            if early and n == 9:
                ms = 25_000
            if i % 5 == 0 and n == 5:
                step["spans"] = [[clock, clock + 20_000], [clock + 65_000, clock + ms + 45_000]]
                pause_ms = 45_000
                clock += ms + 45_000
            else:
                step["spans"] = [[clock, clock + ms]]
                clock += ms
            if i % 50 == 0 and n == 6:
                resumes.append(step["spans"][0][0] + 100_000)
            if kmh is not None:
                step["speed_kmh"] = kmh
            if incline is not None:
                step["incline"] = incline
            belt = kmh if kmh is not None else 5.0
            if treadmill:
                step["distance_m"] = round(belt / 3.6 * ms / 1000 * (0.97 + (i % 7) / 100))
            if sensors:
                step["heart_rate"] = 150 + i % 10 if phase == "run" else 115 + i % 10
                step["peak_heart_rate"] = step["heart_rate"] + 8
                step["cadence"] = 170 if phase == "run" else 115
            if step["outcome"] == "done":
                if phase == "run":
                    run += ms // 1000
                else:
                    walk += ms // 1000
            steps.append(step)
        done = sum(1 for s in steps if s["outcome"] == "done")
        active = (clock - pause_ms) // 1000
        away = 180 if resumes else 0
        rec = {
            "v": 1, "kind": "session", "id": at.isoformat(timespec="milliseconds"),
            "program": "Return to run", "program_hash": "fnv1a64:f65d8b9ff61788ac",
            "program_id": "knee-return-to-run", "session": f"{i % 10 + 1}.{i % 3 + 1}",
            "off_plan": False, "started": at.isoformat(),
            "ended": (at + datetime.timedelta(milliseconds=clock, seconds=away)).isoformat(),
            "ended_early": "pain" if early else None, "resumed": bool(resumes),
            "steps_done": done, "steps_skipped": len(skipped),
            "steps_not_reached": len(PLAN) - len(steps),
            "run_seconds": run, "walk_seconds": walk, "active_seconds": active,
            "paused_seconds": pause_ms // 1000, "pauses": 1 if pause_ms else 0,
            "skipped": skipped,
            "pain_reports": [{"at_seconds": 900, "pain": i % 6, "part": "main", "phase": "run"}],
            "steps": steps,
        }
        if resumes:
            rec["resumes"] = resumes
        out.write(json.dumps(rec, separators=(",", ":")) + "\n")
PY
chmod 600 "$dir/journal.jsonl"
ls -l "$dir/journal.jsonl"
out="$dir/tcx"
export_all="$rtr export --all --data-dir $dir --out $out"
# Every run writes every file again, over the last run's.
/usr/bin/time -f "wall %e s, user %U s, system %S s, peak memory: %M KB" $export_all > /dev/null
echo "files: $(find "$out" -name '*.tcx' | wc -l), bytes: $(du -sb "$out" | cut -f1)"
hyperfine --runs 3 "$export_all > /dev/null"
# A fresh folder: files created rather than written over.
hyperfine --runs 3 --prepare "rm -rf $out" "$export_all > /dev/null"
# Every file validates (a sample of 200 spread over the journal).
if command -v xmllint > /dev/null; then
  find "$out" -name '*.tcx' | sort | awk -v n="$records" 'NR % int(n / 200 + 1) == 1' \
    | xargs xmllint --noout --schema tests/data/TrainingCenterDatabasev2.xsd 2>&1 \
    | awk '/ validates$/ { ok++ } / fails to validate$/ { bad++ } END { print ok + 0 " validate, " bad + 0 " fail" }'
fi
