#!/usr/bin/env bash
# The HTTP API's two figures, side by side in one run (bench/README.md, "HTTP API"):
#  1. daemon start (launch to the first `nexcage plugin list` that exits 0) of a runtime without the
#     Jetty bundles (BASE_CHECKOUT, e.g. an export of main), of this one with the API off, and of this
#     one with runtime.api.listen set;
#  2. `GET /v1/plugins` with curl against `nexcage plugin list --json`, each a whole process, alternating.
# usage: bench/http/run.sh [ROUNDS] [CALLS]    (env: BASE_CHECKOUT, PORT)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
repo=$(cd "$here/../.." && pwd)
rounds=${1:-5}
calls=${2:-30}
port=${PORT:-18471}
base=${BASE_CHECKOUT:-}
[[ -f $repo/target/runtime/runtime.jar ]] || die "build first: mvn -q -DskipTests package"
command -v curl >/dev/null || die "needs curl"
work=$(mktemp -d)
daemon_pid=
cleanup() { [[ -n $daemon_pid ]] && kill "$daemon_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# start VAR CHECKOUT CONFIG -> VAR: ms from launch to the first plugin list that exits 0; leaves the daemon running
# (not called in $(...): daemon_pid must stay set in this shell for stop)
start() {
  local var=$1 checkout=$2 config=$3 t0 t1
  rm -rf "$work/home" "$work/state"; mkdir -p "$work/home/plugins" "$work/state"
  printf '%s\n' "$config" > "$work/home/config.yaml"
  export NEXCAGE_HOME=$work/home NEXCAGE_STATE=$work/state
  stamp t0
  "$checkout/nexcage" daemon > "$work/daemon.out" 2>&1 &
  daemon_pid=$!
  until "$checkout/nexcage" plugin list >/dev/null 2>&1; do
    kill -0 "$daemon_pid" 2>/dev/null || die "the daemon of $checkout died: $(tail -3 "$work/daemon.out")"
    sleep 0.01
  done
  stamp t1
  printf -v "$var" '%s' "$(ms "$t0" "$t1")"
}

stop() { # the daemon, and waits until its JVM has gone (the next start reuses the port and the folders)
  local pid=$daemon_pid
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  while [[ -f $work/state/daemon.lock ]] && kill -0 "$(cat "$work/state/daemon.lock" 2>/dev/null)" 2>/dev/null; do sleep 0.05; done
  daemon_pid=
}

api_on=$(printf 'runtime:\n  api:\n    listen: 127.0.0.1:%s' "$port")
declare -a s_base=() s_off=() s_on=()
for ((r = 1; r <= rounds; r++)); do
  if [[ -n $base ]]; then start t "$base" ""; stop; s_base+=("$t"); fi
  start t "$repo" ""; stop; s_off+=("$t")
  start t "$repo" "$api_on"; stop; s_on+=("$t")
  log "round $r: start without Jetty ${s_base[-1]:-n/a} ms, API off ${s_off[-1]} ms, API on ${s_on[-1]} ms"
done

start t "$repo" "$api_on"
until [[ -s $work/state/api.token ]]; do sleep 0.05; done
token=$(cat "$work/state/api.token")
until curl -sf -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/plugins"; do sleep 0.05; done
declare -a c_http=() c_cli=()
for ((i = 0; i < calls + 3; i++)); do
  stamp a; curl -sf -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/plugins"; stamp b
  "$repo/nexcage" plugin list --json >/dev/null; stamp c
  if ((i >= 3)); then c_http+=("$(ms "$a" "$b")"); c_cli+=("$(ms "$b" "$c")"); fi   # 3 warm-up pairs
done
same=$(diff <(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/plugins") <("$repo/nexcage" plugin list --json) >/dev/null && echo yes || echo NO)
stop

mb=$(median "${s_base[@]}"); moff=$(median "${s_off[@]}"); mon=$(median "${s_on[@]}")
mh=$(median "${c_http[@]}"); mc=$(median "${c_cli[@]}")
echo "Medians over $rounds rounds (start) and $calls calls (one-shot), ms"
echo "| metric | median | range | ratio |"
echo "|---|---:|---:|---:|"
echo "| start, runtime without Jetty (${base:-not given}) | $mb | $( ((${#s_base[@]})) && minmax "${s_base[@]}" || echo n/a) | 1 |"
echo "| start, API off (Jetty started, no connector) | $moff | $(minmax "${s_off[@]}") | $(ratio "$moff" "$mb") |"
echo "| start, API on (runtime.api.listen set) | $mon | $(minmax "${s_on[@]}") | $(ratio "$mon" "$mb") |"
echo "| nexcage plugin list --json | $mc | $(minmax "${c_cli[@]}") | 1 |"
echo "| curl GET /v1/plugins | $mh | $(minmax "${c_http[@]}") | $(ratio "$mh" "$mc") (target ≤ 2: $(verdict "$(ratio "$mh" "$mc")" 2)) |"
echo "same JSON from both: $same"
