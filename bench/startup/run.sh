#!/usr/bin/env bash
# Start-up, one-shot latency and idle memory of NexCage, side by side with Apache Karaf 4.4.8
# and `docker ps` (when a local Docker engine answers). Each round starts every candidate twice:
# a first start (fresh state: NexCage's NEXCAGE_HOME/NEXCAGE_STATE, Karaf without data/) and a
# restart keeping that state (Karaf with its data/ kept). Candidates: NexCage as the launcher starts
# it (with its class data sharing archive: the build's, else the one the first start writes into
# NEXCAGE_STATE), NexCage with NEXCAGE_CDS=0 (no archive), Karaf. Rounds are interleaved so that
# machine noise hits every candidate alike; the table reports medians over the rounds. See
# bench/README.md.
#
# Usage: bench/startup/run.sh [runs] [nexcage-checkout]
#   runs               rounds per candidate (default 5, at least 1; use >= 5 for the medians)
#   nexcage-checkout   the NexCage source tree (default: the checkout this script sits in)
# Environment:
#   ONESHOT_CALLS  one-shot calls per round for `nexcage plugin list`, `nexcage hello` and
#                  `docker ps` (default 20; first starts only)
#   KARAF_CALLS    one-shot `bundle:list` calls through bin/client per round (default 5; each
#                  one starts a JVM, so they take about a second apiece; first starts only)
#   SETTLE_SECONDS idle time before the RSS sample (default 3)
#   BENCH_CACHE    where Karaf is unpacked and kept between runs (default /tmp/nexcage-bench)
#   NOCDS          1 (default) also measures NexCage with NEXCAGE_CDS=0; 0 skips that
#   START_TIMEOUT  seconds a daemon may take to answer before the run fails (default 120)
set -Eeuo pipefail
# a failing command ends the run: say which, instead of stopping without a word
trap 'echo "run.sh: line $LINENO failed (exit $?): $BASH_COMMAND" >&2' ERR

runs=${1:-5}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [runs] [nexcage-checkout]" >&2; exit 2; }
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
. "$here/../lib.sh"
repo=$(cd "${2:-$here/../..}" && pwd)
calls=${ONESHOT_CALLS:-20}
kcalls=${KARAF_CALLS:-5}
settle=${SETTLE_SECONDS:-3}
cache=${BENCH_CACHE:-/tmp/nexcage-bench}
nocds=${NOCDS:-1}
start_timeout=${START_TIMEOUT:-120}

KARAF_VERSION=4.4.8
karaf=$cache/apache-karaf-$KARAF_VERSION
launcher=$repo/nexcage
plugin=$repo/examples/hello/target/hello-1.0.0.nexcage-plugin
jar=$repo/target/runtime/runtime.jar



cpu_ms() { # pid -> CPU time (user + system) the process has used so far, in ms
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.0f", ($12 + $13) * 1000 / hz }' "/proc/$1/stat"
}

# --- prerequisites -----------------------------------------------------------------------------
[[ -x $launcher ]] || die "no nexcage launcher at $launcher; pass the NexCage checkout as the second argument"
command -v java >/dev/null || die "java is not on the PATH"
if [[ ! -f $jar || ! -f $plugin ]]; then
  log "building NexCage in $repo (runtime jar or hello plugin missing)"
  (cd "$repo" && mvn -q -DskipTests package) >&2 || die "the NexCage build failed"
fi
[[ -f $plugin ]] || die "the build did not produce $plugin"
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}

if [[ ! -x $karaf/bin/start ]]; then
  log "fetching and unpacking Apache Karaf $KARAF_VERSION into $cache"
  mvn -B -q dependency:get -Dartifact=org.apache.karaf:apache-karaf:$KARAF_VERSION:tar.gz -Dtransitive=false >&2 \
    || die "could not fetch Karaf with mvn dependency:get"
  m2=$(mvn -B -q -Dstyle.color=never help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null \
    | sed 's/\x1b\[[0-9;]*m//g' || true)
  tgz=${m2:-$HOME/.m2/repository}/org/apache/karaf/apache-karaf/$KARAF_VERSION/apache-karaf-$KARAF_VERSION.tar.gz
  [[ -f $tgz ]] || die "Karaf archive not found at $tgz"
  rm -rf "$karaf.tmp" && mkdir -p "$karaf.tmp"
  tar -C "$karaf.tmp" -xzf "$tgz"
  # Only loopback ssh, and the stock sample user "karaf" (password karaf) switched on.
  sed -i -E 's/^(sshHost[[:space:]]*=).*/\1 127.0.0.1/' "$karaf.tmp/apache-karaf-$KARAF_VERSION/etc/org.apache.karaf.shell.cfg"
  sed -i -E 's/^#(karaf = karaf,_g_:admingroup)$/\1/; s/^#(_g_\\:admingroup = .*)$/\1/' \
    "$karaf.tmp/apache-karaf-$KARAF_VERSION/etc/users.properties"
  grep -q '^karaf = ' "$karaf.tmp/apache-karaf-$KARAF_VERSION/etc/users.properties" || die "could not enable the Karaf user"
  mv "$karaf.tmp/apache-karaf-$KARAF_VERSION" "$karaf" && rm -rf "$karaf.tmp"
fi

have_docker=0
if command -v docker >/dev/null && docker info >/dev/null 2>&1; then have_docker=1; fi

work=$(mktemp -d "${TMPDIR:-/tmp}/nexcage-bench.XXXXXX")
nc_pid=""
karaf_pid=""
cleanup() {
  set +e
  if [[ -n $nc_pid ]] && kill -0 "$nc_pid" 2>/dev/null; then kill -TERM "$nc_pid"; wait "$nc_pid" 2>/dev/null; fi
  if [[ -n $karaf_pid ]] && kill -0 "$karaf_pid" 2>/dev/null; then
    "$karaf/bin/stop" >/dev/null 2>&1
    for _ in $(seq 1 300); do kill -0 "$karaf_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$karaf_pid" 2>/dev/null && kill -KILL "$karaf_pid"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- NexCage -----------------------------------------------------------------------------------
nc_dir=""
nc() { NEXCAGE_HOME=$nc_dir/home NEXCAGE_STATE=$nc_dir/state "$launcher" "$@"; }

nc_start() { # NEXCAGE_CDS-value fresh|keep -> starts a daemon; sets nc_pid, nc_dir (fresh: a new home/state)
  if [[ $2 == fresh ]]; then
    nc_dir=$(mktemp -d "$work/nexcage.XXXXXX")
    mkdir -p "$nc_dir/home/plugins"
    cp "$plugin" "$nc_dir/home/plugins/"
  fi
  NEXCAGE_CDS=$1 NEXCAGE_HOME=$nc_dir/home NEXCAGE_STATE=$nc_dir/state \
    "$launcher" daemon >>"$nc_dir/daemon.out" 2>&1 &
  nc_pid=$!
}

nc_stop() { # [keep]: leaves home and state for a restart
  kill -TERM "$nc_pid" 2>/dev/null || true
  wait "$nc_pid" 2>/dev/null || true
  nc_pid=""
  [[ ${1:-} == keep ]] || rm -rf "$nc_dir"
}

hello_active() { # the hello plugin is listed as active (no pipe into grep -q: SIGPIPE + pipefail)
  local out; out=$(nc plugin list 2>/dev/null) || return 1
  grep -Eq '^hello[[:space:]].*[[:space:]]active[[:space:]]' <<<"$out"
}

nc_wait() { # condition-function start-stamp
  local deadline=$(( $2 + start_timeout * 1000000 )) now
  until "$1"; do
    kill -0 "$nc_pid" 2>/dev/null || { cat "$nc_dir/daemon.out" >&2; die "the NexCage daemon exited during start-up"; }
    stamp now; (( now < deadline )) || die "the NexCage daemon did not become ready within ${start_timeout}s"
    sleep 0.01
  done
}
nc_served() { nc plugin list >/dev/null 2>&1; }
booted() { # every plugin present at start is in: plugin list no longer notes that the daemon is still starting them
  local err; err=$(nc plugin list 2>&1 >/dev/null) || return 1
  [[ $err != *"still starting"* ]]
}

# one round: sets R_start R_cpu R_ready R_rss, and for a fresh start R_list R_hello
nc_round() { # NEXCAGE_CDS-value fresh|keep
  local t0 t1 t2 a b i list=() hello=()
  stamp t0
  nc_start "$1" "$2"
  nc_wait nc_served "$t0"; stamp t1
  R_cpu=$(cpu_ms "$nc_pid")
  nc_wait hello_active "$t0"; stamp t2
  R_list=- R_hello=-
  if [[ $2 == fresh ]]; then
    nc_wait booted "$t0" # the one-shot figures are of a booted daemon, not of one still starting its plugins
    for ((i = 0; i < calls; i++)); do
      stamp a; nc plugin list >/dev/null; stamp b; list+=("$(ms "$a" "$b")")
    done
    for ((i = 0; i < calls; i++)); do
      stamp a; nc hello World >/dev/null; stamp b; hello+=("$(ms "$a" "$b")")
    done
    R_list=$(median "${list[@]}"); R_hello=$(median "${hello[@]}")
  fi
  [[ $(nc hello World) == *World* ]] || die "'nexcage hello World' did not greet"
  sleep "$settle"
  R_rss=$(awk '{ printf "%.1f", $1 / 1024 }' <<<"$(ps -o rss= -p "$nc_pid")")
  R_start=$(ms "$t0" "$t1"); R_ready=$(ms "$t0" "$t2")
}

# --- Karaf -------------------------------------------------------------------------------------
# Commands go on the client's stdin (given as arguments, the client closes the session at once).
kcli() { echo "$1" | timeout 60 "$karaf/bin/client" -u karaf -p karaf -r 1 -d 1 2>/dev/null; }
karaf_lists() { local out; out=$(kcli bundle:list) || true; [[ $out == *Active* ]]; }

karaf_round() { # fresh|keep (data/ removed before the start, or kept from the last one); sets K_start K_cpu K_list K_rss
  local t0 t1 a b i list=() deadline now
  [[ $1 == keep ]] || rm -rf "$karaf/data"
  rm -f "$karaf/karaf.pid"
  stamp t0
  "$karaf/bin/start"
  deadline=$(( t0 + start_timeout * 1000000 ))
  until karaf_lists; do
    stamp now; (( now < deadline )) || die "Karaf did not answer bundle:list within ${start_timeout}s"
    sleep 0.05
  done
  stamp t1
  karaf_pid=$(cat "$karaf/karaf.pid") || die "Karaf answered bundle:list but left no $karaf/karaf.pid"
  K_cpu=$(cpu_ms "$karaf_pid")
  K_failed=0 K_list=-
  if [[ $1 == fresh ]]; then
    for ((i = 0; i < kcalls; i++)); do
      # A failed call (seen now and then right after start-up) is counted and left out of the median.
      stamp a
      if karaf_lists; then stamp b; list+=("$(ms "$a" "$b")"); else K_failed=$((K_failed + 1)); fi
    done
    ((${#list[@]} > 0)) || die "every Karaf bundle:list call of round failed"
    K_list=$(median "${list[@]}")
  fi
  kfail_total=$((kfail_total + K_failed))
  sleep "$settle"
  K_rss=$(awk '{ printf "%.1f", $1 / 1024 }' <<<"$(ps -o rss= -p "$karaf_pid")")
  K_start=$(ms "$t0" "$t1")
  "$karaf/bin/stop" >/dev/null 2>&1 || true
  for _ in $(seq 1 600); do kill -0 "$karaf_pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$karaf_pid" 2>/dev/null && die "Karaf did not stop within 60s"
  karaf_pid=""
}

# --- docker ------------------------------------------------------------------------------------
docker_round() { # sets D_ps
  local a b i list=()
  for ((i = 0; i < calls; i++)); do
    stamp a; docker ps >/dev/null; stamp b; list+=("$(ms "$a" "$b")")
  done
  D_ps=$(median "${list[@]}")
}

# --- the interleaved rounds ----------------------------------------------------------------------
echo "NexCage start-up benchmark: $runs rounds, $calls one-shot calls per round ($kcalls for Karaf)"
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)"
echo "java:    $(java -version 2>&1 | head -1)  [JAVA_HOME=$JAVA_HOME]"
if [[ $have_docker == 1 ]]; then
  echo "docker:  client $(docker version --format '{{.Client.Version}}' 2>/dev/null), engine $(docker version --format '{{.Server.Version}}' 2>/dev/null)"
else
  echo "docker:  no local Docker engine answers ('docker info' fails), so 'docker ps' is not measured"
fi
echo "nexcage: $repo"
echo "karaf:   $karaf"
echo

# per candidate (n: NexCage, c: NexCage with NEXCAGE_CDS=0, k: Karaf) and start (f: first, r: restart):
# start, CPU, ready (hello active), RSS; one-shot figures of the first starts
declare -A V=()
add() { V[$1]+="$2 "; }   # add KEY VALUE
med() { local -a v; read -r -a v <<<"${V[$1]:-}"; median "${v[@]+"${v[@]}"}"; }
kfail_total=0
row() { printf '%-5s %-16s %10s %10s %10s %10s %10s %8s\n' "$@"; }
row round candidate start_ms cpu_ms ready_ms oneshot_ms hello_ms rss_mb
nc_pair() { # key NEXCAGE_CDS-value label: a first start, then a restart on the same state
  local start
  for start in fresh keep; do
    nc_round "$2" "$start"
    local k=$1${start:0:1}
    add "${k}s" "$R_start"; add "${k}u" "$R_cpu"; add "${k}h" "$R_ready"; add "${k}m" "$R_rss"
    [[ $start == fresh ]] && { add "${1}l" "$R_list"; add "${1}o" "$R_hello"; }
    row "$r" "$3$([[ $start == keep ]] && echo -keep)" "$R_start" "$R_cpu" "$R_ready" "$R_list" "$R_hello" "$R_rss"
    if [[ $start == fresh ]]; then nc_stop keep; else nc_stop; fi
  done
}
for ((r = 1; r <= runs; r++)); do
  nc_pair n 1 nexcage
  [[ $nocds == 1 ]] && nc_pair c 0 nexcage-nocds
  for start in fresh keep; do
    karaf_round "$start"
    k=k${start:0:1}
    add "${k}s" "$K_start"; add "${k}u" "$K_cpu"; add "${k}m" "$K_rss"
    [[ $start == fresh ]] && add kl "$K_list"
    row "$r" "karaf$([[ $start == keep ]] && echo -keep)" "$K_start" "$K_cpu" "$K_start" "$K_list" - "$K_rss"
  done
  if [[ $have_docker == 1 ]]; then
    docker_round
    add dl "$D_ps"
    row "$r" docker - - - "$D_ps" - -
  fi
done

echo
echo "Medians over $runs rounds (ms; RSS in MiB); 'keep' is the restart on the state the first start left"
line() { printf '| %-44s | %10s | %12s | %10s | %10s |\n' "$@"; }
line metric NexCage "NexCage-noCDS" Karaf docker
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" "------------" "--------------" "------------" "------------"
line "first start -> first served command" "$(med nfs)" "$(med cfs)" "$(med kfs)" -
line "  CPU time of the daemon at first served cmd" "$(med nfu)" "$(med cfu)" "$(med kfu)" -
line "  start -> hello plugin listed active" "$(med nfh)" "$(med cfh)" - -
line "  idle RSS of the daemon (MiB)" "$(med nfm)" "$(med cfm)" "$(med kfm)" -
line "restart (keep) -> first served command" "$(med nks)" "$(med cks)" "$(med kks)" -
line "  CPU time of the daemon at first served cmd" "$(med nku)" "$(med cku)" "$(med kku)" -
line "  start -> hello plugin listed active" "$(med nkh)" "$(med ckh)" - -
line "  idle RSS of the daemon (MiB)" "$(med nkm)" "$(med ckm)" "$(med kkm)" -
line "one-shot (plugin list / bundle:list / ps)" "$(med nl)" "$(med cl)" "$(med kl)" "$(med dl)"
line "one-shot 'nexcage hello World'" "$(med no)" "$(med co)" - -

echo
echo "Ratios (of medians)"
for start in f k; do
  name=$([[ $start == f ]] && echo "first start" || echo "restart    ")
  r_start=$(ratio "$(med n${start}s)" "$(med k${start}s)")
  echo "  $name  start    NexCage / Karaf = $r_start   (target <= 0.067, i.e. 1/15: $(verdict "$r_start" 0.0667))"
  echo "  $name  CPU      NexCage / Karaf = $(ratio "$(med n${start}u)" "$(med k${start}u)")   (CPU time to first served command; less sensitive to load)"
  r_rss=$(ratio "$(med n${start}m)" "$(med k${start}m)")
  echo "  $name  idle RSS NexCage / Karaf = $r_rss   (target <= 0.333: $(verdict "$r_rss" 0.3334))"
  if [[ $nocds == 1 ]]; then
    echo "  $name  CDS archive: start NexCage / NexCage-noCDS = $(ratio "$(med n${start}s)" "$(med c${start}s)"), CPU $(ratio "$(med n${start}u)" "$(med c${start}u)"), RSS $(ratio "$(med n${start}m)" "$(med c${start}m)")"
  fi
done
r_docker=$(ratio "$(med nl)" "$(med dl)")
if [[ $have_docker == 1 ]]; then
  echo "  one-shot     NexCage / docker ps         = $r_docker   (target <= 1.5: $(verdict "$r_docker" 1.5))"
else
  echo "  one-shot     NexCage / docker ps         = n/a   (no local Docker engine: target not measured)"
fi
echo "  one-shot     NexCage / Karaf bin/client  = $(ratio "$(med nl)" "$(med kl)")"
if ((kfail_total > 0)); then
  echo "  note: $kfail_total of $((runs * kcalls)) Karaf bundle:list one-shot calls failed and are not in the median"
fi
