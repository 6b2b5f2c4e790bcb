#!/usr/bin/env bash
# Two builds of NexCage side by side: `nexcage run --rm IMAGE echo hi` through each checkout's own
# launcher and daemon (separate state directories, both running), the two interleaved and the
# order alternated, so that a change's cost shows as a paired ratio on a shared, noisy machine.
# See bench/README.md ("backend/compare.sh").
#
# Usage: bench/backend/compare.sh BASE-CHECKOUT [runs] [new-checkout]
#   BASE-CHECKOUT  a built NexCage checkout to compare against (e.g. a `git worktree` of an older
#                  commit, built with `mvn -q package -DskipTests`)
#   runs           measured pairs (default 40)
#   new-checkout   the other built checkout (default: the one this script sits in)
# Environment: IMAGE (default nexcage-test/busybox:latest), WARMUP (default 5 pairs),
#   START_TIMEOUT (seconds for each daemon to come up, default 120),
#   CLIENT (the client, relative to each checkout: nexcage, the Perl launcher, by default;
#   target/runtime/bin/nexcage for the native client), PAUSE (seconds slept before each measured
#   pair, default 0: above the daemon's 2 s keep-alive of idle pool threads, every command finds
#   none left, as commands a few seconds apart do), BASE_JAVA_OPTS and NEW_JAVA_OPTS (each daemon's
#   NEXCAGE_JAVA_OPTS, added after the launcher's JVM options: the same build with other JVM flags)
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
. "$here/../lib.sh"
[[ $# -ge 1 ]] || die "usage: $0 BASE-CHECKOUT [runs] [new-checkout]"
base=$(cd "$1" && pwd)
runs=${2:-40}
new=$(cd "${3:-$here/../..}" && pwd)
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "runs must be a whole number above 0, not '$runs'"
image=${IMAGE:-nexcage-test/busybox:latest}
warmup=${WARMUP:-5}
pause=${PAUSE:-0}
client=${CLIENT:-nexcage}
start_timeout=${START_TIMEOUT:-120}
for c in "$base" "$new"; do
  [[ -x $c/nexcage && -f $c/target/runtime/runtime.jar ]] \
    || die "$c is not a built NexCage checkout (no nexcage launcher or target/runtime/runtime.jar); build it with 'mvn -q package -DskipTests'"
  [[ -x $c/$client ]] || die "$c has no client $client (CLIENT); build it, or leave CLIENT unset for the Perl launcher"
done
docker info >/dev/null 2>&1 || die "no Docker engine answers ('docker info' fails); start one first"
docker image inspect "$image" >/dev/null 2>&1 || die "the image $image is missing; run the backend's tests once (they import it) or set IMAGE"

work=$(mktemp -d /tmp/nxcmp.XXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do while kill -0 "$p" 2>/dev/null; do sleep 0.1; done; done
  rm -rf "$work"
}
trap cleanup EXIT

with() { # which(a|b) command... : runs the checkout's client against its own daemon
  local which=$1; shift
  local dir=$base; [[ $which == b ]] && dir=$new
  NEXCAGE_HOME=$work/$which/home NEXCAGE_STATE=$work/$which/state "$dir/$client" "$@"
}
for which in a b; do
  mkdir -p "$work/$which"
  dir=$base; [[ $which == b ]] && dir=$new
  # started directly (not through a function, which would fork a subshell): $! is the launcher,
  # which execs the JVM, so the exit trap stops the daemon itself
  opts=${BASE_JAVA_OPTS:-}; [[ $which == b ]] && opts=${NEW_JAVA_OPTS:-}
  NEXCAGE_JAVA_OPTS=$opts NEXCAGE_HOME=$work/$which/home NEXCAGE_STATE=$work/$which/state "$dir/nexcage" daemon > "$work/$which.log" 2>&1 &
  pids+=($!)
  ok=
  for _ in $(seq 1 $((start_timeout * 4))); do
    if with "$which" backend list 2>/dev/null | grep -q healthy; then ok=1; break; fi
    sleep 0.25
  done
  [[ -n $ok ]] || die "the daemon of $which did not show a healthy docker backend within ${start_timeout} s; see $work/$which.log"
done

one() { # which number -> prints the run's milliseconds
  local t0 t1
  stamp t0
  with "$1" run --rm --name "nxcmp-$$-$1$2" "$image" echo hi > /dev/null || die "nexcage run failed in checkout $1"
  stamp t1
  ms "$t0" "$t1"
}
echo "base: $base ($(git -C "$base" log -1 --format='%h %s' 2>/dev/null | cut -c1-60))"
echo "new:  $new ($(git -C "$new" log -1 --format='%h %s' 2>/dev/null | cut -c1-60))"
[[ -z ${BASE_JAVA_OPTS:-}${NEW_JAVA_OPTS:-} ]] || echo "JVM options added: base '${BASE_JAVA_OPTS:-}', new '${NEW_JAVA_OPTS:-}'"
for w in $(seq 1 "$warmup"); do one a "w$w" > /dev/null; one b "w$w" > /dev/null; done
as=() bs=() ratios=()
for i in $(seq 1 "$runs"); do
  [[ $pause == 0 ]] || sleep "$pause"
  if ((i % 2)); then a=$(one a "$i"); b=$(one b "$i"); else b=$(one b "$i"); a=$(one a "$i"); fi
  as+=("$a") bs+=("$b") ratios+=("$(ratio "$b" "$a")")
done
ma=$(median "${as[@]}") mb=$(median "${bs[@]}")
echo "nexcage run --rm $image echo hi through $client, $runs interleaved pairs"
echo "  base: median $ma ms ($(minmax "${as[@]}"))"
echo "  new:  median $mb ms ($(minmax "${bs[@]}"))"
echo "  new / base = $(ratio "$mb" "$ma") [paired $(MEDIAN_FORMAT=%.3f median "${ratios[@]}")]"
# the position in a pair has an effect of its own (about 1 % here); the alternation cancels it
odd=() even=()
for k in "${!ratios[@]}"; do if ((k % 2 == 0)); then odd+=("${ratios[$k]}"); else even+=("${ratios[$k]}"); fi; done
echo "  paired, base run first: $(MEDIAN_FORMAT=%.3f median "${odd[@]}"); new run first: $(MEDIAN_FORMAT=%.3f median "${even[@]}")"
