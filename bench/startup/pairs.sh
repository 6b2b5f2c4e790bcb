#!/usr/bin/env bash
# Interleaved single starts of NexCage launch variants (no Karaf): each round starts every candidate
# on a fresh home/state (hello in the plugin directory), then restarts it on the state it left. Per
# start: launch -> first served `plugin list` (ms), the daemon's CPU time then (ms), launch -> hello
# listed active (ms: the first `plugin list` may answer before, while the plugins present at start
# are still being taken in), idle RSS after SETTLE_SECONDS (MiB). Medians per candidate at the end. Used for issue 22's launcher levers
# (bench/README.md); run.sh is the side-by-side with Karaf.
#
# Usage: bench/startup/pairs.sh ROUNDS 'LABEL:VAR=VALUE VAR=VALUE' ['LABEL:...' ...]
#   e.g. bench/startup/pairs.sh 5 'bnd:NEXCAGE_LAUNCH=bnd' 'atomos:NEXCAGE_LAUNCH=atomos'
# Environment: SETTLE_SECONDS (default 3), START_TIMEOUT (default 120), JAVA_HOME (the daemon's JDK).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
. "$here/../lib.sh"
repo=$(cd "$here/../.." && pwd)
rounds=${1:?usage: $0 ROUNDS LABEL:ENV... ...}; shift
(($# > 0)) || die "name at least one candidate, e.g. 'atomos:NEXCAGE_LAUNCH=atomos'"
settle=${SETTLE_SECONDS:-3}
start_timeout=${START_TIMEOUT:-120}
launcher=$repo/nexcage
plugin=$repo/examples/hello/target/hello-1.0.0.nexcage-plugin
[[ -f $plugin ]] || die "no $plugin; build NexCage first (mvn -DskipTests package)"

work=$(mktemp -d "${TMPDIR:-/tmp}/nexcage-pairs.XXXXXX")
pid=""
cleanup() { [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.0f", ($12 + $13) * 1000 / hz }' "/proc/$1/stat"; }

one() { # DIR ENV-ASSIGNMENTS -> "served_ms cpu_ms hello_ms rss_mb"
  local dir=$1 env=$2 t0 t1 deadline now
  stamp t0
  # shellcheck disable=SC2086 # the assignments are words
  env $env NEXCAGE_HOME="$dir/home" NEXCAGE_STATE="$dir/state" "$launcher" daemon >>"$dir/daemon.out" 2>&1 &
  pid=$!
  deadline=$((t0 + start_timeout * 1000000))
  until NEXCAGE_HOME=$dir/home NEXCAGE_STATE=$dir/state "$launcher" plugin list >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/daemon.out" >&2; die "a daemon ($env) exited during start-up"; }
    stamp now; ((now < deadline)) || die "a daemon ($env) did not serve within ${start_timeout}s"
    sleep 0.01
  done
  stamp t1
  local cpu t2; cpu=$(cpu_ms "$pid")
  # no pipe into grep -q: SIGPIPE + pipefail
  until grep -Eq '^hello[[:space:]].*[[:space:]]active[[:space:]]' <<<"$(NEXCAGE_HOME=$dir/home NEXCAGE_STATE=$dir/state \
      "$launcher" plugin list 2>/dev/null)"; do
    stamp now; ((now < deadline)) || die "hello was not listed active within ${start_timeout}s ($env)"
    sleep 0.01
  done
  stamp t2
  sleep "$settle"
  local rss; rss=$(awk '{ printf "%.1f", $1 / 1024 }' <<<"$(ps -o rss= -p "$pid")")
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  echo "$(ms "$t0" "$t1") $cpu $(ms "$t0" "$t2") $rss"
}

declare -A V=()
printf '%-5s %-24s %10s %8s %9s %8s\n' round candidate served_ms cpu_ms hello_ms rss_mb
for ((r = 1; r <= rounds; r++)); do
  for c in "$@"; do
    label=${c%%:*} env=${c#*:}
    dir=$(mktemp -d "$work/c.XXXXXX"); mkdir -p "$dir/home/plugins"; cp "$plugin" "$dir/home/plugins/"
    for start in first restart; do
      read -r s u h m <<<"$(one "$dir" "$env")"
      V[$label.$start.s]+="$s " V[$label.$start.u]+="$u " V[$label.$start.h]+="$h " V[$label.$start.m]+="$m "
      printf '%-5s %-24s %10s %8s %9s %8s\n' "$r" "$label$([[ $start == restart ]] && echo -keep)" "$s" "$u" "$h" "$m"
    done
    rm -rf "$dir"
  done
done
echo
echo "Medians over $rounds rounds (ms; RSS in MiB)"
printf '%-24s %12s %8s %8s %8s %14s %8s %8s %8s\n' candidate first_served cpu hello rss restart_served cpu hello rss
for c in "$@"; do
  l=${c%%:*}; row=("$l")
  for start in first restart; do
    for k in s u h m; do read -r -a v <<<"${V[$l.$start.$k]}"; row+=("$(median "${v[@]}")"); done
  done
  printf '%-24s %12s %8s %8s %8s %14s %8s %8s %8s\n' "${row[@]}"
done
