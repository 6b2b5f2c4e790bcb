#!/usr/bin/env bash
# First boot with a fresh state directory, side by side: runtime.security.audit warn (the default:
# the Docker backend's file is audited before it is installed, as nothing is cached yet) against
# off. Prints, per round and as medians, the time from `nexcage daemon` to `plugin list` showing
# docker active; then, on the daemon with the audit off (so nothing is cached, in memory or on
# disk), `plugin audit docker` twice as whole processes (launcher, client, daemon): the first audits
# the file, the second is served from the cache (both verify the file's signature, which decides
# whether its NexCage-Audit-Accept counts).
# Usage: bench/security/first-boot.sh [ROUNDS]   (build first: mvn -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
now() { echo "${EPOCHREALTIME/./}"; }

boot() { # MODE ROUND -> prints ms to docker active; leaves the daemon running in $state
  local mode=$1 r=$2
  export NEXCAGE_HOME="$work/$mode-$r/home" NEXCAGE_STATE="$work/$mode-$r/state"
  mkdir -p "$NEXCAGE_HOME/plugins"
  printf 'runtime:\n  security:\n    audit: %s\n' "$mode" > "$NEXCAGE_HOME/config.yaml"
  local t0; t0=$(now)
  ./nexcage daemon >"$work/$mode-$r.log" 2>&1 &
  pid=$!
  until grep -Eq '^docker +[^ ]+ +active' <<<"$(./nexcage plugin list 2>/dev/null || true)"; do
    sleep 0.02
    if (( ($(now) - t0) / 1000 > 120000 )); then echo "docker not active in 120 s ($mode)" >&2; exit 1; fi
  done
  echo $(( ($(now) - t0) / 1000 )) > "$work/ms"
}

stop() { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; }

declare -a warn off audit cached
for r in $(seq 1 "$rounds"); do
  boot off "$r"; off+=("$(cat "$work/ms")")
  t0=$(now); ./nexcage plugin audit docker >/dev/null; audit+=($(( ($(now) - t0) / 1000 )))
  t0=$(now); ./nexcage plugin audit docker >/dev/null; cached+=($(( ($(now) - t0) / 1000 )))
  stop
  boot warn "$r"; warn+=("$(cat "$work/ms")"); stop
  echo "round $r: docker active: off ${off[-1]} ms, warn ${warn[-1]} ms; plugin audit docker ${audit[-1]} ms, again ${cached[-1]} ms"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mo=$(median "${off[@]}"); mw=$(median "${warn[@]}"); ma=$(median "${audit[@]}"); mc=$(median "${cached[@]}")
echo
echo "| measure (median of $rounds) | ms |"
echo "|---|---:|"
echo "| first boot to docker active, audit off | $mo |"
echo "| first boot to docker active, audit warn (docker audited) | $mw |"
echo "| ratio warn / off | $(awk -v a="$mw" -v b="$mo" 'BEGIN {printf "%.2f", a/b}') |"
echo "| nexcage plugin audit docker, first (audits the file; whole process) | $ma |"
echo "| nexcage plugin audit docker, again (from the cache; whole process) | $mc |"
