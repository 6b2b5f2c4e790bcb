#!/usr/bin/env bash
# Where the time of `docker run --rm IMAGE echo hi` goes, read off the engine's own events
# (create, start, die, destroy; nanosecond stamps on the same clock as the client's), to show
# how much of a run is the engine's work that no client can save. See bench/README.md.
#
# Usage: bench/backend/phases.sh [runs]      (default 20; IMAGE overrides nexcage-test/busybox:latest)
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
. "$here/../lib.sh"
runs=${1:-20}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "runs must be a whole number above 0, not '$runs'"
image=${IMAGE:-nexcage-test/busybox:latest}
command -v python3 >/dev/null || die "python3 is needed to pair the events with the runs"
docker info >/dev/null 2>&1 || die "no Docker engine answers ('docker info' fails); start one first"
docker image inspect "$image" >/dev/null 2>&1 || die "the image $image is missing; run the backend's tests once (they import it) or set IMAGE"

work=$(mktemp -d /tmp/nxphases.XXXX)
trap 'rm -rf "$work"' EXIT
docker run --rm "$image" echo warm-up > /dev/null
since=$(date +%s.%N)
for i in $(seq 1 "$runs"); do
  t0=$(date +%s%N)
  docker run --rm --name "nxphases-$$-$i" "$image" echo hi > /dev/null
  t1=$(date +%s%N)
  echo "nxphases-$$-$i $t0 $t1" >> "$work/runs"
done
docker events --since "$since" --until "$(date +%s.%N)" --filter type=container \
  --format '{{.Actor.Attributes.name}} {{.Action}} {{.TimeNano}}' > "$work/events"
python3 - "$work/runs" "$work/events" <<'PY'
import collections, statistics, sys
events = collections.defaultdict(dict)
for line in open(sys.argv[2]):
    name, action, nanos = line.split()
    events[name].setdefault(action, int(nanos))
rows = []
for line in open(sys.argv[1]):
    name, t0, t1 = line.split()
    t0, t1, e = int(t0), int(t1), events[name]
    rows.append({
        "client start, create request": e["create"] - t0,
        "create -> start (attach; start: shim, runc)": e["start"] - e["create"],
        "start -> die (echo hi runs and exits)": e["die"] - e["start"],
        "die -> destroy (removal)": e["destroy"] - e["die"],
        "destroy -> client exit": t1 - e["destroy"],
        "whole docker run": t1 - t0,
    })
total = statistics.median(r["whole docker run"] for r in rows)
print(f"docker run --rm, {len(rows)} runs: medians of each phase")
for key in rows[0]:
    m = statistics.median(r[key] for r in rows)
    print(f"  {key:50s} {m / 1e6:7.1f} ms  {m / total:5.0%}")
engine = statistics.median(r["whole docker run"] - r["client start, create request"] - r["destroy -> client exit"] for r in rows)
print(f"  {'engine, create event to destroy event':50s} {engine / 1e6:7.1f} ms  {engine / total:5.0%}")
PY
