#!/usr/bin/env bash
# The Docker backend's cost: `nexcage run --rm` against `docker run --rm`, and inside one JVM the
# backend class (docker-java) against hand-written HTTP on the engine's socket; `nexcage run --rm`
# through both clients (the Perl launcher, and the native client target/runtime/bin/nexcage when the
# build compiled it) against the engine's floor, side by side in the same rotation.
# See bench/README.md ("backend/run.sh").
#
# Usage: bench/backend/run.sh [runs] [nexcage-checkout]
#   runs               measured runs per candidate, in each part (default 20, at least 1)
#   nexcage-checkout   the NexCage source tree (default: the checkout this script sits in)
# Environment:
#   IMAGE          the image to run (default nexcage-test/busybox:latest; it must have echo)
#   WARMUP         uncounted runs per candidate before measuring (default 10 for the CLIs, 20 in the JVM)
#   DOCKER_SOCKET  the engine's Unix socket (default /var/run/docker.sock, or DOCKER_HOST's unix:// path)
#   START_TIMEOUT  seconds the daemon may take to come up before the run fails (default 120)
#   RAW_ATTACH     the exit raw+attach waits for before the start: removed (default; the backend's two
#                  streams on Docker) or next-exit (its three streams on other engines, and on Docker before)
set -euo pipefail

runs=${1:-20}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [runs] [nexcage-checkout]" >&2; exit 2; }
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
. "$here/../lib.sh"
repo=$(cd "${2:-$here/../..}" && pwd)
image=${IMAGE:-nexcage-test/busybox:latest}
warmup=${WARMUP:-}
start_timeout=${START_TIMEOUT:-120}
raw_attach=${RAW_ATTACH:-removed}
[[ $raw_attach == removed || $raw_attach == next-exit ]] || die "RAW_ATTACH must be removed or next-exit, not '$raw_attach'"
sock=${DOCKER_SOCKET:-}
if [[ -z $sock ]]; then
  if [[ ${DOCKER_HOST:-} == unix://* ]]; then sock=${DOCKER_HOST#unix://}; else sock=/var/run/docker.sock; fi
fi

launcher=$repo/nexcage
# the native client the build compiles when a C compiler is present (else a link to the Perl launcher)
native=$repo/target/runtime/bin/nexcage
jar=$repo/target/runtime/runtime.jar
docker_plugin=$repo/target/runtime/plugins/docker-0.8.0.nexcage-plugin


# --- prerequisites -----------------------------------------------------------------------------
[[ -x $launcher ]] || die "no nexcage launcher at $launcher; pass the NexCage checkout as the second argument"
command -v java >/dev/null || die "java is not on the PATH"
command -v javac >/dev/null || die "javac is not on the PATH (a JDK 17 is needed)"
command -v docker >/dev/null || die "the docker CLI is not on the PATH"
docker info >/dev/null 2>&1 || die "no Docker engine answers ('docker info' fails); start one first"
[[ -S $sock ]] || die "$sock is not a socket; set DOCKER_SOCKET"
docker image inspect "$image" >/dev/null 2>&1 || die "the image $image is missing (the backend's tests import nexcage-test/busybox; or set IMAGE)"
if [[ ! -f $jar || ! -f $docker_plugin ]]; then
  log "building NexCage in $repo (runtime jar or Docker backend plugin missing)"
  (cd "$repo" && mvn -q -DskipTests package) >&2 || die "the NexCage build failed"
fi
[[ -f $docker_plugin ]] || die "the build did not produce $docker_plugin"
if [[ -L $native || ! -x $native ]]; then
  log "no native client at $native (the build found no C compiler; install gcc and build again): the Perl launcher only"
  native=
fi
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}

work=$(mktemp -d "${TMPDIR:-/tmp}/nexcage-backend.XXXXXX")
nc_pid=""
prefix="nxbench-$$"
cleanup() {
  set +e
  if [[ -n $nc_pid ]] && kill -0 "$nc_pid" 2>/dev/null; then kill -TERM "$nc_pid"; wait "$nc_pid" 2>/dev/null; fi
  # containers a failed run may have left behind (only ours: the names carry this run's prefix)
  local left
  left=$(docker ps -aq --filter "name=^$prefix-" 2>/dev/null)
  [[ -z $left ]] || docker rm -f $left >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "NexCage backend benchmark: $runs measured runs per candidate"
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)"
echo "java:    $(java -version 2>&1 | head -1)"
echo "docker:  client $(docker version --format '{{.Client.Version}}' 2>/dev/null), engine $(docker version --format '{{.Server.Version}}' 2>/dev/null), socket $sock"
echo "image:   $image ($(docker image inspect --format '{{.Size}}' "$image") bytes)"
echo "nexcage: $repo"
echo "load:    $(uptime)"
echo

# --- part 1: nexcage run --rm against docker run --rm --------------------------------------------
nc_dir=$work/nexcage
nc() { NEXCAGE_HOME=$nc_dir/home NEXCAGE_STATE=$nc_dir/state "$launcher" "$@"; }
ncn() { NEXCAGE_HOME=$nc_dir/home NEXCAGE_STATE=$nc_dir/state "$native" "$@"; }
mkdir -p "$nc_dir/home/plugins"
log "starting a NexCage daemon (the Docker backend comes from $docker_plugin)"
DOCKER_HOST=unix://$sock NEXCAGE_HOME=$nc_dir/home NEXCAGE_STATE=$nc_dir/state "$launcher" daemon >"$nc_dir/daemon.out" 2>&1 &
nc_pid=$!
stamp t0
until out=$(nc backend list 2>/dev/null) && grep -Eq '^docker[[:space:]].*healthy' <<<"$out"; do
  kill -0 "$nc_pid" 2>/dev/null || { cat "$nc_dir/daemon.out" >&2; die "the NexCage daemon exited during start-up"; }
  stamp now; ((now - t0 < start_timeout * 1000000)) || { cat "$nc_dir/daemon.out" >&2; die "the docker backend was not healthy within ${start_timeout}s"; }
  sleep 0.05
done

n=0
nc_run() { # sets T (ms)
  local a b out name="$prefix-$((++n))"
  stamp a; out=$(nc run --rm --name "$name" "$image" echo hi); stamp b
  [[ $out == hi ]] || die "nexcage run printed '$out', not 'hi'"
  T=$(ms "$a" "$b")
}
ncn_run() { # the same through the native client; sets T (ms)
  local a b out name="$prefix-$((++n))"
  stamp a; out=$(ncn run --rm --name "$name" "$image" echo hi); stamp b
  [[ $out == hi ]] || die "nexcage run (native client) printed '$out', not 'hi'"
  T=$(ms "$a" "$b")
}
docker_run() {
  local a b out
  stamp a; out=$(docker run --rm "$image" echo hi); stamp b
  [[ $out == hi ]] || die "docker run printed '$out', not 'hi'"
  T=$(ms "$a" "$b")
}
log "warm-up: ${warmup:-10} uncounted runs each"
for ((i = 0; i < ${warmup:-10}; i++)); do nc_run; docker_run; [[ -z $native ]] || ncn_run; done

nr=() dr=() nnr=()
printf '%-5s %16s %16s %16s\n' run nexcage_run_ms docker_run_ms native_run_ms
for ((i = 1; i <= runs; i++)); do
  # alternate which goes first (the native client, when built, goes between them)
  c=-
  if ((i % 2)); then
    nc_run; a=$T; [[ -z $native ]] || { ncn_run; c=$T; }; docker_run; b=$T
  else
    docker_run; b=$T; [[ -z $native ]] || { ncn_run; c=$T; }; nc_run; a=$T
  fi
  nr+=("$a") dr+=("$b"); [[ -z $native ]] || nnr+=("$c")
  printf '%-5s %16s %16s %16s\n' "$i" "$a" "$b" "$c"
done

# --- part 2: in one JVM, the backend class against raw HTTP on the socket ------------------------
log "compiling BackendBench against the shipped Docker backend plugin (docker-java embedded) and the runtime's jackson"
mkdir -p "$work/cp" "$work/classes"
(cd "$work/cp" && unzip -q -o "$jar" 'jar/jackson-core-*.jar' 'jar/jackson-databind-*.jar' 'jar/jackson-annotations-*.jar' 'jar/nexcage.api-*.jar') \
  || die "could not take jackson and nexcage.api out of $jar"
cp_jvm=$docker_plugin:$(ls "$work"/cp/jar/*.jar | paste -sd:)
javac --release 17 -Xlint:-classfile -nowarn -cp "$cp_jvm" -d "$work/classes" "$here/BackendBench.java" || die "javac failed"
echo
# the JVM options the launcher gives the daemon (read from it, so the two cannot drift apart): the
# backend runs as it does there. Its bash part starts the daemon (before issue 20's Perl launcher, the launcher itself).
opts_file=$repo/libexec/nexcage-admin.sh
[[ -f $opts_file ]] || opts_file=$launcher
daemon_opts=()
read -r -a daemon_opts < <(sed -n 's/^ *local opts=(\(.*\))$/\1/p' "$opts_file") || true
((${#daemon_opts[@]})) || die "could not read the daemon's JVM options (local opts=(...)) from $opts_file"
# the daemon of part 1 stays up: the JVM runs `nexcage run --rm` against it too, side by side with the floor
NEXCAGE_HOME=$nc_dir/home NEXCAGE_STATE=$nc_dir/state java "${daemon_opts[@]}" -Dbench.prefix="$prefix-jvm" -Dbench.raw_attach="$raw_attach" \
  -Dbench.nexcage="$launcher" ${native:+-Dbench.nexcage_native="$native"} -cp "$work/classes:$cp_jvm" BackendBench "$image" "${warmup:-20}" "$runs" "$sock" | tee "$work/jvm.out"
left=$(nc list --all 2>/dev/null | grep -c "^$prefix-" || true)
kill -TERM "$nc_pid"; wait "$nc_pid" 2>/dev/null || true; nc_pid=""
kv() { # kv LINE-TAG KEY: the value of KEY=... on the line of BackendBench's output that starts with LINE-TAG
  awk -v tag="$1" -v key="$2" '$1 == tag { for (i = 2; i <= NF; i++) { split($i, p, "="); if (p[1] == key) print p[2] } }' "$work/jvm.out"
}
range() { kv RANGES "$1" | sed "s/-/–/"; }

paired_cli=()
for ((i = 0; i < runs; i++)); do paired_cli+=("$(ratio "${nr[i]}" "${dr[i]}")"); done
mnr=$(median "${nr[@]}") mdr=$(median "${dr[@]}")
mb=$(kv MEDIANS backend) mr=$(kv MEDIANS raw) mra=$(kv MEDIANS raw_attach) mrd=$(kv MEDIANS raw_docker) mdj=$(kv MEDIANS docker_run)
r_cli=$(ratio "$mnr" "$mdr") p_cli=$(MEDIAN_FORMAT=%.3f median "${paired_cli[@]}")
r_jvm=$(ratio "$mb" "$mr") p_jvm=$(kv PAIRED backend/raw)
echo
echo "Medians of $runs (ms)"
echo "| what | median ms | range ms |"
echo "|---|---:|---:|"
echo "| \`nexcage run --rm --name X $image echo hi\` | $mnr | $(minmax "${nr[@]}") |"
echo "| \`docker run --rm $image echo hi\` | $mdr | $(minmax "${dr[@]}") |"
[[ -z $native ]] || echo "| \`nexcage run --rm …\` through the native client (target/runtime/bin/nexcage) | $(median "${nnr[@]}") | $(minmax "${nnr[@]}") |"
echo "| JVM: DockerBackend create (auto-remove) → startAttached (through the removal), as nexcage run --rm | $mb | $(range backend) |"
echo "| JVM: raw HTTP create → start → wait → DELETE | $mr | $(range raw) |"
if [[ $raw_attach == removed ]]; then ra_steps="attach → wait removed → start → read output → the removal's exit code"
else ra_steps="attach → wait next-exit → start → read output → exit code → wait removed"; fi
echo "| JVM: raw HTTP, the backend's requests: create (init, labels, AutoRemove) → $ra_steps | $mra | $(range raw_attach) |"
echo "| JVM: raw HTTP as docker run asks: create (AutoRemove, no init) → attach → wait removed → start → read output | $mrd | $(range raw_docker) |"
echo "| JVM: \`docker run --rm $image echo hi\` started from the JVM | $mdj | $(range docker_run) |"
echo "| JVM: docker-java's command layer, the backend's requests on engines other than Docker (create → attach, wait next-exit → start → output → exit code → wait removed) | $(kv MEDIANS docker_java) | $(range docker_java) |"
echo "| JVM: raw HTTP as docker run --init asks (the same with \`Init: true\`) | $(kv MEDIANS raw_docker_init) | $(range raw_docker_init) |"
echo "| JVM: \`/bin/true\` started and awaited, then raw HTTP as docker run asks (the floor for a client that is a process) | $(kv MEDIANS raw_docker_spawn) | $(range raw_docker_spawn) |"
echo "| JVM: \`nexcage run --rm --name X $image echo hi\` started from the JVM (the daemon of part 1) | $(kv MEDIANS nexcage) | $(range nexcage) |"
[[ -z $native ]] || echo "| JVM: the same through the native client | $(kv MEDIANS nexcage_native) | $(range nexcage_native) |"
echo
echo "Ratios (of medians; in brackets the median of the per-run ratios, each pair run back to back)"
echo "  nexcage run / docker run             = $r_cli [$p_cli]   (target <= 0.8: $(verdict "$p_cli" 0.8))"
echo "  DockerBackend / raw HTTP             = $r_jvm [$p_jvm]   (target <= 1.05: $(verdict "$p_jvm" 1.05))"
echo "  DockerBackend / raw HTTP with attach = $(ratio "$mb" "$mra") [$(kv PAIRED backend/raw_attach)]"
echo "  DockerBackend / docker-java command layer = $(ratio "$mb" "$(kv MEDIANS docker_java)") [$(kv PAIRED backend/docker_java)]"
echo "  docker-java command layer / raw HTTP with attach = $(ratio "$(kv MEDIANS docker_java)" "$mra") [$(kv PAIRED docker_java/raw_attach)]"
echo "  floor: raw HTTP as docker run / docker run = $(ratio "$mrd" "$mdj") [$(kv PAIRED raw_docker/docker_run)]"
echo "         (the engine's own work for exactly docker run's requests, asked with no client process, daemon"
echo "          or library: no client of the engine can finish below this fraction of docker run)"
echo "  raw HTTP with attach (NexCage's container and requests: init, labels, auto-remove) / docker run = $(ratio "$mra" "$mdj") [$(kv PAIRED raw_attach/docker_run)]"
echo
echo "Side by side in the JVM (each nexcage run paired with the floor's run next to it):"
p_floor=$(kv PAIRED nexcage/raw_docker)
echo "  nexcage run / floor (raw as docker run)       = $(ratio "$(kv MEDIANS nexcage)" "$mrd") [$p_floor]   (target <= 1.05: $(verdict "$p_floor" 1.05))"
echo "  nexcage run / raw+attach (NexCage's requests) = $(ratio "$(kv MEDIANS nexcage)" "$mra") [$(kv PAIRED nexcage/raw_attach)]"
echo "  nexcage run / docker run (both from the JVM)  = $(ratio "$(kv MEDIANS nexcage)" "$mdj") [$(kv PAIRED nexcage/docker_run)]"
echo "  nexcage run / DockerBackend (client + daemon) = $(ratio "$(kv MEDIANS nexcage)" "$mb") [$(kv PAIRED nexcage/backend)]"
echo "  init: raw as docker run --init / raw as docker run = $(ratio "$(kv MEDIANS raw_docker_init)" "$mrd") [$(kv PAIRED raw_docker_init/raw_docker)]"
echo "  raw+attach (init, labels, wait $raw_attach) / raw as docker run = $(ratio "$mra" "$mrd") [$(kv PAIRED raw_attach/raw_docker)]"
echo "  the cheapest process start: /bin/true + floor / floor = $(ratio "$(kv MEDIANS raw_docker_spawn)" "$mrd") [$(kv PAIRED raw_docker_spawn/raw_docker)]"
echo "  nexcage run / (/bin/true + floor)             = $(ratio "$(kv MEDIANS nexcage)" "$(kv MEDIANS raw_docker_spawn)") [$(kv PAIRED nexcage/raw_docker_spawn)]"
if [[ -n $native ]]; then
  p_native=$(kv PAIRED nexcage_native/raw_docker)
  echo "Through the native client (target/runtime/bin/nexcage), the same daemon, in the same rotation:"
  echo "  native nexcage run / floor (raw as docker run) = $(ratio "$(kv MEDIANS nexcage_native)" "$mrd") [$p_native]   (target <= 1.05: $(verdict "$p_native" 1.05))"
  echo "    95 % confidence interval of the paired median: $(kv PAIRED_CI nexcage_native/raw_docker | sed "s/-/–/") (bench/backend/pool.py pools several runs' logs)"
  echo "  native nexcage run / (/bin/true + floor)       = $(ratio "$(kv MEDIANS nexcage_native)" "$(kv MEDIANS raw_docker_spawn)") [$(kv PAIRED nexcage_native/raw_docker_spawn)]"
  echo "  native nexcage run / raw+attach                = $(ratio "$(kv MEDIANS nexcage_native)" "$mra") [$(kv PAIRED nexcage_native/raw_attach)]"
  echo "  native nexcage run / DockerBackend             = $(ratio "$(kv MEDIANS nexcage_native)" "$mb") [$(kv PAIRED nexcage_native/backend)]"
  echo "  native / Perl client (nexcage run)             = $(ratio "$(kv MEDIANS nexcage_native)" "$(kv MEDIANS nexcage)") [$(kv PAIRED nexcage_native/nexcage)]"
  paired_nat=()
  for ((i = 0; i < runs; i++)); do paired_nat+=("$(ratio "${nnr[i]}" "${dr[i]}")"); done
  echo "  part 1 (from bash): native nexcage run / docker run = $(ratio "$(median "${nnr[@]}")" "$mdr") [$(MEDIAN_FORMAT=%.3f median "${paired_nat[@]}")]"
fi
echo
echo "One request answered at once (start of a running container, HTTP 304), medians of $(kv PERCALL n) in µs:"
echo "  DockerBackend $(kv PERCALL backend), docker-java command layer $(kv PERCALL docker_java), raw HTTP $(kv PERCALL raw)"
echo "  paired: DockerBackend / raw = $(kv PERCALL_PAIRED backend/raw), docker-java / raw = $(kv PERCALL_PAIRED docker_java/raw),"
echo "          DockerBackend / docker-java = $(kv PERCALL_PAIRED backend/docker_java)"
((left == 0)) || echo "  note: $left containers of nexcage run --rm were still listed after the runs"
echo "load at end: $(uptime)"
