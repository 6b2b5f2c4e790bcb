#!/usr/bin/env bash
# A sandboxed plugin's start (issue 17, target <= 1.5 s): the wall time of `nexcage plugin enable hello`
# (which returns once the plugin is active, its child up and linked, init called) with hello sandboxed
# (plugins.hello.sandbox: process), against the same with hello in the daemon; the first start of the
# child (no AppCDS archive, no framework cache yet) apart. Also the idle child's memory: its cgroup's
# and its JVM's RSS. Needs root (bubblewrap, cgroups) and a built runtime (mvn -DskipTests package).
# Run it under the shared lock: flock /tmp/nexcage-heavy.lock bench/sandbox/start.sh [N]
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
n=${1:-10}
hello=examples/hello/target/hello-1.0.0.nexcage-plugin
[[ -f $hello && -f target/runtime/runtime.jar ]] || { echo "build first: mvn -DskipTests package" >&2; exit 1; }

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

run() { # $1 = process|none; prints "first median min max"
  local base; base=$(mktemp -d /tmp/nxsbbench.XXXX)
  export NEXCAGE_HOME=$base/home NEXCAGE_STATE=$base/state
  mkdir -p "$NEXCAGE_HOME/plugins" && cp "$hello" "$NEXCAGE_HOME/plugins/"
  printf 'plugins:\n  hello:\n    sandbox: %s\n    enabled: false\n' "$1" > "$NEXCAGE_HOME/config.yaml"
  setsid ./nexcage daemon >"$base/daemon.log" 2>&1 &
  local daemon=$!
  for _ in $(seq 1 120); do ./nexcage plugin list 2>/dev/null | grep -q '^hello .* disabled' && break; sleep 0.5; done
  local t first times=()
  t=$(date +%s%N); ./nexcage plugin enable hello >/dev/null; first=$(ms "$t")
  for _ in $(seq 1 "$n"); do
    ./nexcage plugin disable hello >/dev/null
    t=$(date +%s%N); ./nexcage plugin enable hello >/dev/null; times+=("$(ms "$t")")
    ./nexcage hello bench >/dev/null
  done
  if [[ $1 == process ]]; then
    local info pid mem; info=$(./nexcage plugin info hello --json)
    pid=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])' <<<"$info")
    mem=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["memory_bytes"])' <<<"$info")
    echo "idle child: cgroup memory $((mem / 1048576)) MB, JVM RSS $(awk '/VmRSS/ {print int($2/1024)}' /proc/"$pid"/status) MB, $(awk '/Threads/ {print $2}' /proc/"$pid"/status) threads" >&2
  fi
  kill "$daemon"; wait "$daemon" 2>/dev/null || true
  rm -rf "$base"
  printf '%s\n' "${times[@]}" > /tmp/nxsbbench.times
  echo "$first $(median < /tmp/nxsbbench.times) $(sort -n /tmp/nxsbbench.times | head -1) $(sort -n /tmp/nxsbbench.times | tail -1)"
}

read -r sf sm smin smax < <(run process)
read -r df dm dmin dmax < <(run none)
echo "plugin enable hello, $n starts each (ms):"
printf '  %-12s first %5s  median %5s  min %5s  max %5s\n' sandboxed "$sf" "$sm" "$smin" "$smax" "in daemon" "$df" "$dm" "$dmin" "$dmax"
