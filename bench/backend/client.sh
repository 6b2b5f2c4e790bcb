#!/usr/bin/env bash
# The client alone: whole `nexcage` processes through two launchers against one daemon, paired
# and interleaved, so a change of the launcher shows apart from the daemon and the engine. Also
# the process starts it is made of (perl, bash), and each launcher with no daemon to reach.
# See bench/README.md (issue 20, "one Perl process").
#
# Usage: bench/backend/client.sh BASE-LAUNCHER [runs] [new-checkout]
#   BASE-LAUNCHER  the other launcher file (e.g. an older `nexcage` copied into a checkout's copy
#                  with its target/runtime, as bench/README.md shows)
#   runs           measured pairs per command (default 60)
#   new-checkout   the built checkout whose launcher and daemon are measured (default: this one)
# Environment: WARMUP (default 5 pairs), START_TIMEOUT (seconds for the daemon, default 120),
#   NEW_CLIENT (the client measured as new, default the checkout's nexcage; e.g. its
#   target/runtime/bin/nexcage, the native client, against the Perl launcher as base)
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
. "$here/../lib.sh"
[[ $# -ge 1 ]] || die "usage: $0 BASE-LAUNCHER [runs] [new-checkout]"
base=$(readlink -f "$1")
runs=${2:-60}
new=$(cd "${3:-$here/../..}" && pwd)
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "runs must be a whole number above 0, not '$runs'"
[[ -x $base ]] || die "$base is not an executable launcher"
[[ -x $new/nexcage && -f $new/target/runtime/runtime.jar ]] || die "$new is not a built NexCage checkout; build it with 'mvn -q package -DskipTests'"
warmup=${WARMUP:-5}
client=$(readlink -f "${NEW_CLIENT:-$new/nexcage}")
[[ -x $client ]] || die "$client is not an executable client"
start_timeout=${START_TIMEOUT:-120}

work=$(mktemp -d /tmp/nxclient.XXXX)
pid=
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; fi
  rm -rf "$work"
}
trap cleanup EXIT
export NEXCAGE_HOME=$work/home NEXCAGE_STATE=$work/state
# started directly, so that $! is the launcher that becomes the JVM
"$new/nexcage" daemon > "$work/daemon.log" 2>&1 &
pid=$!
ok=
for _ in $(seq 1 $((start_timeout * 4))); do
  if "$new/nexcage" backend list 2>/dev/null | grep -q healthy; then ok=1; break; fi
  sleep 0.25
done
[[ -n $ok ]] || die "the daemon did not show a healthy backend within ${start_timeout} s; see $work/daemon.log"

once() { # command... -> prints its milliseconds (its output and status do not count)
  local t0 t1
  stamp t0
  "$@" > /dev/null 2>&1 || true
  stamp t1
  ms "$t0" "$t1"
}
pair() { # label base-command... -- new-command...
  local label=$1; shift
  local a=() b=() as=() bs=() rs=() i x y
  while [[ $1 != -- ]]; do a+=("$1"); shift; done; shift; b=("$@")
  for i in $(seq 1 "$warmup"); do once "${a[@]}" > /dev/null; once "${b[@]}" > /dev/null; done
  for i in $(seq 1 "$runs"); do
    if ((i % 2)); then x=$(once "${a[@]}"); y=$(once "${b[@]}"); else y=$(once "${b[@]}"); x=$(once "${a[@]}"); fi
    as+=("$x") bs+=("$y") rs+=("$(ratio "$y" "$x")")
  done
  printf '| %s | %s | %s | %s | %s |\n' "$label" "$(median "${as[@]}")" "$(median "${bs[@]}")" \
    "$(ratio "$(median "${bs[@]}")" "$(median "${as[@]}")")" "$(MEDIAN_FORMAT=%.3f median "${rs[@]}")"
}
nowhere=$work/no-daemon.sock
echo "base launcher: $base"
echo "new launcher:  $client ($(git -C "$new" log -1 --format='%h' 2>/dev/null || echo '?'))"
echo "load: $(uptime)"
echo "$runs interleaved pairs each, medians in ms"
echo "| command | base | new | new / base | paired |"
echo "|---|---:|---:|---:|---:|"
pair '`nexcage info nosuch` (one engine request)' "$base" info nosuch -- "$client" info nosuch
pair '`nexcage plugin list`' "$base" plugin list -- "$client" plugin list
# with NEXCAGE_SOCKET on a path where no daemon listens, for both sides of each pair
NEXCAGE_SOCKET=$nowhere pair 'the launcher, no daemon to reach' "$base" plugin list -- "$client" plugin list
NEXCAGE_SOCKET=$nowhere pair '`perl -e 1` (base) against the new launcher, no daemon to reach' perl -e 1 -- "$client" plugin list
NEXCAGE_SOCKET=$nowhere pair '`/bin/true` (base) against the new launcher, no daemon to reach' /bin/true -- "$client" plugin list
pair '`perl -e 1` (base) against `bash -c "exec perl -e 1"`' perl -e 1 -- bash -c 'exec perl -e 1'
