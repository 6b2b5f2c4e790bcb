#!/usr/bin/env bash
# Where the time of `docker run --rm IMAGE echo hi` goes, read off the engine's own events
# (create, start, die, destroy; nanosecond stamps on the same clock as the client's), to show
# how much of a run is the engine's work that no client can save; with a NexCage checkout, the same
# for `nexcage run --rm` through that checkout's launcher and a daemon of its own, interleaved with
# docker run (the order alternated) and shown side by side. See bench/README.md.
#
# Usage: bench/backend/phases.sh [runs] [nexcage-checkout]
#   runs               runs of each (default 20)
#   nexcage-checkout   a built NexCage checkout whose `nexcage run --rm` is measured too (none: docker run only)
# Environment: IMAGE (default nexcage-test/busybox:latest), START_TIMEOUT (seconds for the daemon, default 120),
#   CLIENT (the client of the measured runs, default the checkout's nexcage; e.g. its target/runtime/bin/nexcage)
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
. "$here/../lib.sh"
runs=${1:-20}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "runs must be a whole number above 0, not '$runs'"
checkout=
if [[ -n ${2:-} ]]; then
  checkout=$(cd "$2" && pwd)
  [[ -x $checkout/nexcage && -f $checkout/target/runtime/runtime.jar ]] \
    || die "$checkout is not a built NexCage checkout (no nexcage launcher or target/runtime/runtime.jar); build it with 'mvn -q package -DskipTests'"
fi
image=${IMAGE:-nexcage-test/busybox:latest}
start_timeout=${START_TIMEOUT:-120}
command -v python3 >/dev/null || die "python3 is needed to pair the events with the runs"
docker info >/dev/null 2>&1 || die "no Docker engine answers ('docker info' fails); start one first"
docker image inspect "$image" >/dev/null 2>&1 || die "the image $image is missing; run the backend's tests once (they import it) or set IMAGE"

work=$(mktemp -d /tmp/nxphases.XXXX)
nc_pid= events_pid=
cleanup() {
  [[ -z $events_pid ]] || kill "$events_pid" 2>/dev/null || true
  if [[ -n $nc_pid ]]; then
    kill "$nc_pid" 2>/dev/null || true
    while kill -0 "$nc_pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
nc() { NEXCAGE_HOME=$work/home NEXCAGE_STATE=$work/state "${CLIENT:-$checkout/nexcage}" "$@"; }
if [[ -n $checkout ]]; then
  mkdir -p "$work/home/plugins"
  # started directly (not through a function, which would fork a subshell): $! is the JVM after exec
  NEXCAGE_HOME=$work/home NEXCAGE_STATE=$work/state "$checkout/nexcage" daemon > "$work/daemon.log" 2>&1 &
  nc_pid=$!
  ok=
  for _ in $(seq 1 $((start_timeout * 4))); do
    if nc backend list 2>/dev/null | grep -Eq '^docker[[:space:]].*healthy'; then ok=1; break; fi
    sleep 0.25
  done
  [[ -n $ok ]] || die "the daemon did not show a healthy docker backend within ${start_timeout} s; see $work/daemon.log"
  for w in 1 2 3 4 5; do nc run --rm --name "nxphases-$$-w$w" "$image" echo warm-up > /dev/null; done
fi
# the engine keeps only its last 256 events for --since: follow them as they come instead
docker events --filter type=container --format '{{.Actor.Attributes.name}} {{.Action}} {{.TimeNano}}' > "$work/events" &
events_pid=$!
docker run --rm --name "nxphases-$$-warm" "$image" echo warm-up > /dev/null
for _ in $(seq 1 100); do grep -q "^nxphases-$$-warm destroy" "$work/events" && break; sleep 0.1; done
grep -q "^nxphases-$$-warm destroy" "$work/events" || die "docker events did not report the warm-up run within 10 s"

one() { # kind(docker|nexcage) name: one run, its stamps appended to the runs file
  local t0 t1
  t0=$(date +%s%N)
  if [[ $1 == docker ]]; then
    docker run --rm --name "$2" "$image" echo hi > /dev/null
  else
    nc run --rm --name "$2" "$image" echo hi > /dev/null
  fi
  t1=$(date +%s%N)
  echo "$1 $2 $t0 $t1" >> "$work/runs"
}
for i in $(seq 1 "$runs"); do
  if [[ -z $checkout ]]; then
    one docker "nxphases-$$-d$i"
  elif ((i % 2)); then
    one docker "nxphases-$$-d$i"; one nexcage "nxphases-$$-n$i"
  else
    one nexcage "nxphases-$$-n$i"; one docker "nxphases-$$-d$i"
  fi
done
last=$(tail -1 "$work/runs" | cut -d" " -f2)
for _ in $(seq 1 100); do grep -q "^$last destroy" "$work/events" && break; sleep 0.1; done
kill "$events_pid"; wait "$events_pid" 2>/dev/null || true; events_pid=
python3 - "$work/runs" "$work/events" <<'PY'
import collections, statistics, sys
events = collections.defaultdict(dict)
for line in open(sys.argv[2]):
    name, action, nanos = line.split()
    events[name].setdefault(action.split(":")[0], int(nanos))
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    kind, name, t0, t1 = line.split()
    t0, t1, e = int(t0), int(t1), events[name]
    if "create" not in e or "destroy" not in e:
        sys.exit(f"the engine reported no create or destroy event of {name}: {dict(e)}")
    rows[kind].append({
        "client start, create request": e["create"] - t0,
        "create -> start (attach; start: shim, runc)": e["start"] - e["create"],
        "start -> die (echo hi runs and exits)": e["die"] - e["start"],
        "die -> destroy (removal)": e["destroy"] - e["die"],
        "destroy -> client exit": t1 - e["destroy"],
        "whole run": t1 - t0,
        "engine, create event to destroy event": e["destroy"] - e["create"],
    })
kinds = [k for k in ("docker", "nexcage") if rows[k]]
label = {"docker": "docker run --rm", "nexcage": "nexcage run --rm"}
n = len(rows[kinds[0]])
print(f"{n} runs of each, interleaved: medians of each phase (ms, share of the whole run)")
print(f"  {'phase':45s}" + "".join(f" {label[k]:>22s}" for k in kinds) + ("   difference" if len(kinds) == 2 else ""))
for key in rows[kinds[0]][0]:
    cells, meds = "", []
    for k in kinds:
        m = statistics.median(r[key] for r in rows[k]) / 1e6
        total = statistics.median(r["whole run"] for r in rows[k]) / 1e6
        meds.append(m)
        cells += f" {m:12.1f} ms {m / total:5.0%}  "
    diff = f" {meds[1] - meds[0]:+8.1f} ms" if len(kinds) == 2 else ""
    print(f"  {key:45s}{cells}{diff}")
PY
