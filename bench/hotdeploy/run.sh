#!/usr/bin/env bash
# Hot deployment of one plugin into a running NexCage daemon, side by side with Apache Karaf
# 4.4.8's deploy/ folder, and NexCage's start-up with 100 plugin files against none.
# See bench/README.md ("hotdeploy/run.sh").
#
# Usage: bench/hotdeploy/run.sh [runs] [nexcage-checkout]
#   runs               hot deployments per candidate (default 15, at least 1; use >= 10)
#   nexcage-checkout   the NexCage source tree (default: the checkout this script sits in)
# Environment:
#   START_RUNS     daemon starts per case in the start-up part (default 5)
#   PLUGINS        plugin files in the "many" start-up case (default 100)
#   BENCH_CACHE    where the Karaf archive is unpacked once (default /tmp/nexcage-bench; the
#                  benchmark runs a private copy of it)
#   DEPLOY_TIMEOUT seconds one deployment or removal may take before the run fails (default 60)
#   START_TIMEOUT  seconds a daemon or Karaf may take to come up before the run fails (default 120)
set -euo pipefail

runs=${1:-15}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [runs] [nexcage-checkout]" >&2; exit 2; }
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
. "$here/../lib.sh"
repo=$(cd "${2:-$here/../..}" && pwd)
start_runs=${START_RUNS:-5}
nplugins=${PLUGINS:-100}
cache=${BENCH_CACHE:-/tmp/nexcage-bench}
deploy_timeout=${DEPLOY_TIMEOUT:-60}
start_timeout=${START_TIMEOUT:-120}

KARAF_VERSION=4.4.8
OSGI_CORE_VERSION=8.0.0
karaf_dist=$cache/apache-karaf-$KARAF_VERSION
launcher=$repo/nexcage
plugin=$repo/examples/hello/target/hello-1.0.0.nexcage-plugin
jar=$repo/target/runtime/runtime.jar



# --- prerequisites -----------------------------------------------------------------------------
[[ -x $launcher ]] || die "no nexcage launcher at $launcher; pass the NexCage checkout as the second argument"
command -v java >/dev/null || die "java is not on the PATH"
command -v javac >/dev/null || die "javac is not on the PATH (a JDK 17 is needed)"
if [[ ! -f $jar || ! -f $plugin ]]; then
  log "building NexCage in $repo (runtime jar or hello plugin missing)"
  (cd "$repo" && mvn -q -DskipTests package) >&2 || die "the NexCage build failed"
fi
[[ -f $plugin ]] || die "the build did not produce $plugin"
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}

m2=$(mvn -B -q -Dstyle.color=never help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null \
  | sed 's/\x1b\[[0-9;]*m//g' || true)
m2=${m2:-$HOME/.m2/repository}
osgi_core=$m2/org/osgi/osgi.core/$OSGI_CORE_VERSION/osgi.core-$OSGI_CORE_VERSION.jar
if [[ ! -f $osgi_core ]]; then
  log "fetching org.osgi:osgi.core:$OSGI_CORE_VERSION"
  mvn -B -q dependency:get -Dartifact=org.osgi:osgi.core:$OSGI_CORE_VERSION -Dtransitive=false >&2 || die "could not fetch osgi.core"
fi

if [[ ! -x $karaf_dist/bin/start ]]; then
  log "fetching and unpacking Apache Karaf $KARAF_VERSION into $cache"
  mvn -B -q dependency:get -Dartifact=org.apache.karaf:apache-karaf:$KARAF_VERSION:tar.gz -Dtransitive=false >&2 \
    || die "could not fetch Karaf with mvn dependency:get"
  tgz=$m2/org/apache/karaf/apache-karaf/$KARAF_VERSION/apache-karaf-$KARAF_VERSION.tar.gz
  [[ -f $tgz ]] || die "Karaf archive not found at $tgz"
  mkdir -p "$cache"
  rm -rf "$karaf_dist.tmp" && mkdir -p "$karaf_dist.tmp"
  tar -C "$karaf_dist.tmp" -xzf "$tgz"
  mv "$karaf_dist.tmp/apache-karaf-$KARAF_VERSION" "$karaf_dist" && rm -rf "$karaf_dist.tmp"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/nexcage-hotdeploy.XXXXXX")
nc_pid=""
karaf_pid=""
karaf=$work/karaf
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

# --- the Karaf probe bundle: its activator records when it was started ---------------------------
log "building the Karaf probe bundle (javac against osgi.core $OSGI_CORE_VERSION)"
mkdir -p "$work/probe/classes" "$work/stamps"
javac --release 17 -nowarn -cp "$osgi_core" -d "$work/probe/classes" \
  "$here/probe/nexcage/bench/probe/Activator.java" || die "javac failed on the probe activator"
cat >"$work/probe/MANIFEST.MF" <<EOF
Bundle-ManifestVersion: 2
Bundle-SymbolicName: nexcage.bench.probe
Bundle-Version: 1.0.0
Bundle-Name: NexCage hot-deploy probe
Bundle-Activator: nexcage.bench.probe.Activator
Import-Package: org.osgi.framework;version="[1.8,2)"
Bench-Stamp-Dir: $work/stamps
EOF
jar --create --file "$work/probe/probe-1.0.0.jar" --manifest "$work/probe/MANIFEST.MF" -C "$work/probe/classes" . \
  || die "could not package the probe bundle"

# --- the plugins for the start-up part ---------------------------------------------------------
log "making $nplugins plugins out of $(basename "$plugin")"
java "$here/MakePlugins.java" "$plugin" "$work/many" "$nplugins" || die "MakePlugins failed"
(($(ls "$work/many" | wc -l) == nplugins)) || die "MakePlugins did not make $nplugins files"

# --- a private Karaf instance (ports moved so it does not clash with another Karaf) ---------------
log "copying Karaf into $karaf"
cp -a "$karaf_dist" "$karaf"
rm -rf "$karaf/data" "$karaf/karaf.pid"
port_base=$((20000 + RANDOM % 20000))
sed -i -E "s/^(sshPort[[:space:]]*=).*/\1 $port_base/; s/^(sshHost[[:space:]]*=).*/\1 127.0.0.1/" "$karaf/etc/org.apache.karaf.shell.cfg"
sed -i -E "s/^(rmiRegistryPort[[:space:]]*=).*/\1 $((port_base + 1))/; s/^(rmiServerPort[[:space:]]*=).*/\1 $((port_base + 2))/; s/^(jmxmpPort[[:space:]]*=).*/\1 $((port_base + 3))/" \
  "$karaf/etc/org.apache.karaf.management.cfg"
mkdir -p "$karaf/bench-staging"

# --- NexCage -----------------------------------------------------------------------------------
nc_dir=""
nc() { NEXCAGE_HOME=$nc_dir/home NEXCAGE_STATE=$nc_dir/state "$launcher" "$@"; }
nc_start() { # plugin-files... -> starts a daemon on a fresh home/state; sets nc_pid, nc_dir
  nc_dir=$(mktemp -d "$work/nexcage.XXXXXX")
  mkdir -p "$nc_dir/home/plugins" "$nc_dir/staging"
  (($# == 0)) || cp "$@" "$nc_dir/home/plugins/"
  NEXCAGE_HOME=$nc_dir/home NEXCAGE_STATE=$nc_dir/state "$launcher" daemon >"$nc_dir/daemon.out" 2>&1 &
  nc_pid=$!
}
nc_stop() {
  kill -TERM "$nc_pid" 2>/dev/null || true
  wait "$nc_pid" 2>/dev/null || true
  nc_pid=""
  rm -rf "$nc_dir"
}
nc_until() { # timeout-s command... : polls the command (no sleep) until it succeeds
  local t=$1 now deadline; shift
  stamp now; deadline=$((now + t * 1000000))
  until "$@"; do
    kill -0 "$nc_pid" 2>/dev/null || { cat "$nc_dir/daemon.out" >&2; die "the NexCage daemon exited"; }
    stamp now; ((now < deadline)) || { tail -20 "$nc_dir/daemon.out" >&2; die "timed out waiting for: $*"; }
  done
}
nc_served() { nc plugin list >/dev/null 2>&1; }
hello_answers() { local out; out=$(nc hello World 2>/dev/null) && [[ $out == *World* ]]; }
hello_gone() { ! nc hello World >/dev/null 2>&1 && ! grep -q '^hello[[:space:]]' <<<"$(nc plugin list 2>/dev/null)"; }
active_count() { nc plugin list 2>/dev/null | grep -Ec '^bench-[0-9]+[[:space:]].*[[:space:]]active([[:space:]]|$)' || true; }
all_active() { (($(active_count) == nplugins)); }

nc_deploy() { # one hot deployment; sets N_answer (mv -> 'hello' answered), N_first (mv -> start of that
  # call) and N_log (mv -> the daemon log's "command 'hello' ... is available", ms resolution)
  local t0 a b line at
  cp "$plugin" "$nc_dir/staging/hello-1.0.0.nexcage-plugin"
  sync -f "$nc_dir/staging/hello-1.0.0.nexcage-plugin" 2>/dev/null || true
  stamp t0
  mv "$nc_dir/staging/hello-1.0.0.nexcage-plugin" "$nc_dir/home/plugins/"
  while :; do
    stamp a
    if hello_answers; then stamp b; break; fi
    kill -0 "$nc_pid" 2>/dev/null || die "the NexCage daemon exited"
    ((a - t0 < deploy_timeout * 1000000)) || { tail -20 "$nc_dir/daemon.out" >&2; die "hello did not answer within ${deploy_timeout}s"; }
  done
  N_answer=$(ms "$t0" "$b"); N_first=$(ms "$t0" "$a")
  line=$(grep -F "command 'hello' of plugin hello is available" "$nc_dir/state/logs/nexcage.log" | tail -1)
  at=$(date -u -d "${line%%Z *}Z" +%s%6N 2>/dev/null) || at=""
  if [[ -n $at ]] && ((at > t0 - 1000)); then N_log=$(ms "$t0" "$at"); else N_log=n/a; fi
  rm "$nc_dir/home/plugins/hello-1.0.0.nexcage-plugin"
  nc_until "$deploy_timeout" hello_gone
  sleep 0.3
}

# --- Karaf -------------------------------------------------------------------------------------
karaf_deploy() { # one hot deployment; sets K_start (mv -> activator start)
  local t0 started now
  rm -f "$work/stamps/started" "$work/stamps/stopped"
  cp "$work/probe/probe-1.0.0.jar" "$karaf/bench-staging/probe-1.0.0.jar"
  stamp t0
  mv "$karaf/bench-staging/probe-1.0.0.jar" "$karaf/deploy/"
  until [[ -s $work/stamps/started ]]; do
    stamp now; ((now - t0 < deploy_timeout * 1000000)) || die "Karaf did not start the probe within ${deploy_timeout}s"
    sleep 0.01
  done
  started=$(<"$work/stamps/started")
  K_start=$(ms "$t0" "$started")
  rm "$karaf/deploy/probe-1.0.0.jar"
  stamp t0
  until [[ -s $work/stamps/stopped ]]; do
    stamp now; ((now - t0 < deploy_timeout * 1000000)) || die "Karaf did not stop the removed probe within ${deploy_timeout}s"
    sleep 0.01
  done
  sleep 0.3
}

# --- header --------------------------------------------------------------------------------------
echo "NexCage hot-deploy benchmark: $runs deployments per candidate; start-up: $start_runs starts per case, $nplugins plugins"
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)"
echo "java:    $(java -version 2>&1 | head -1)"
echo "nexcage: $repo"
echo "karaf:   $KARAF_VERSION (private copy of $karaf_dist, stock felix.fileinstall.poll = $(awk -F= '/^felix.fileinstall.poll/ { gsub(/ /, "", $2); print $2 }' "$karaf/etc/org.apache.felix.fileinstall-deploy.cfg") ms)"
echo "load:    $(uptime)"
echo

# --- part 1: hot deployment, interleaved ---------------------------------------------------------
log "starting Karaf (cold) and a NexCage daemon"
"$karaf/bin/start"
nc_start
stamp t0
nc_until "$start_timeout" nc_served
for _ in $(seq 1 $((start_timeout * 10))); do [[ -s $karaf/karaf.pid ]] && break; sleep 0.1; done
karaf_pid=$(cat "$karaf/karaf.pid" 2>/dev/null) || die "Karaf wrote no karaf.pid"
# Karaf is ready for this benchmark once its deploy folder works: the first probe deployment
# (not counted) waits for it, then Karaf gets time to finish its boot features.
log "waiting for Karaf's deploy folder to work (first, uncounted probe deployment)"
deploy_timeout_saved=$deploy_timeout; deploy_timeout=$start_timeout
karaf_deploy
deploy_timeout=$deploy_timeout_saved
sleep 5
log "warm-up: one uncounted deployment each"
nc_deploy; karaf_deploy

na=() nf=() nl=() ka=()
printf '%-5s %18s %22s %20s %18s\n' run nexcage_answer_ms nexcage_first_call_ms nexcage_log_cmd_ms karaf_activator_ms
for ((r = 1; r <= runs; r++)); do
  nc_deploy
  karaf_deploy
  na+=("$N_answer") nf+=("$N_first") ka+=("$K_start")
  [[ $N_log == n/a ]] || nl+=("$N_log")
  printf '%-5s %18s %22s %20s %18s\n' "$r" "$N_answer" "$N_first" "$N_log" "$K_start"
done
"$karaf/bin/stop" >/dev/null 2>&1 || true
for _ in $(seq 1 600); do kill -0 "$karaf_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$karaf_pid" 2>/dev/null && die "Karaf did not stop within 60s"
karaf_pid=""
nc_stop

# --- part 2: start-up with many plugins against none, interleaved ---------------------------------
echo
printf '%-5s %-8s %16s %18s\n' round plugins first_list_ms all_active_ms
s0=() sn=() an=()
for ((r = 1; r <= start_runs; r++)); do
  for c in 0 "$nplugins"; do
    stamp t0
    if [[ $c == 0 ]]; then nc_start; else nc_start "$work/many/"*.nexcage-plugin; fi
    nc_until "$start_timeout" nc_served; stamp t1
    if [[ $c == 0 ]]; then
      s0+=("$(ms "$t0" "$t1")")
      printf '%-5s %-8s %16s %18s\n' "$r" 0 "${s0[-1]}" -
    else
      nc_until "$start_timeout" all_active; stamp t2
      sn+=("$(ms "$t0" "$t1")") an+=("$(ms "$t0" "$t2")")
      printf '%-5s %-8s %16s %18s\n' "$r" "$c" "${sn[-1]}" "${an[-1]}"
    fi
    nc_stop
  done
done

mna=$(median "${na[@]}") mnf=$(median "${nf[@]}") mnl=$(median "${nl[@]+"${nl[@]}"}") mka=$(median "${ka[@]}")
ms0=$(median "${s0[@]}") msn=$(median "${sn[@]}") man=$(median "${an[@]}")
r_hot=$(ratio "$mna" "$mka")
r_start=$(ratio "$msn" "$ms0")
echo
echo "Hot deployment, medians of $runs (ms; min–max in brackets)"
echo "| candidate | rename -> ready | median ms | range ms |"
echo "|---|---|---:|---:|"
echo "| NexCage | mv into plugins/ -> \`nexcage hello World\` answered | $mna | $(minmax "${na[@]}") |"
echo "| NexCage | mv -> start of the call that answered | $mnf | $(minmax "${nf[@]}") |"
echo "| NexCage | mv -> daemon log: command 'hello' available (ms clock; ${#nl[@]} of $runs found) | $mnl | $( ((${#nl[@]})) && minmax "${nl[@]}" || echo n/a) |"
echo "| Karaf $KARAF_VERSION | mv into deploy/ -> activator start() | $mka | $(minmax "${ka[@]}") |"
echo
echo "Start-up, medians of $start_runs (ms)"
echo "| plugin files | start -> first served \`plugin list\` | range | start -> all listed active |"
echo "|---:|---:|---:|---:|"
echo "| 0 | $ms0 | $(minmax "${s0[@]}") | – |"
echo "| $nplugins | $msn | $(minmax "${sn[@]}") | $man |"
echo
echo "Ratios (of medians)"
echo "  hot deploy  NexCage answered / Karaf activator = $r_hot   (target <= 0.0667, i.e. 1/15: $(verdict "$r_hot" 0.0667))"
echo "  hot deploy  NexCage first call / Karaf activator = $(ratio "$mnf" "$mka")"
echo "  hot deploy  NexCage log: command available / Karaf activator = $(ratio "$mnl" "$mka")   (daemon side, no client)"
echo "  start-up    $nplugins plugins / none = $r_start   (to all active: $(ratio "$man" "$ms0"))"
echo "load at end: $(uptime)"
