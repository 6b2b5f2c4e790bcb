#!/usr/bin/env bash
# The oci backend's cost: `nexcage run --rm --backend oci` against `docker run --rm` on the same root
# file system, with crun and runc alone (`RUNTIME run` of a ready bundle) as the floor, paired: each
# round runs all four back to back, in a rotating order. See bench/README.md ("backend/oci.sh").
#
# Usage: bench/backend/oci.sh [runs] [nexcage-checkout]
#   runs               measured rounds (default 30, at least 1)
#   nexcage-checkout   the NexCage source tree (default: the checkout this script sits in)
# Environment:
#   IMAGE          the Docker image whose root file system all four run (default nexcage-test/busybox:latest)
#   RUNTIME        the oci backend's runtime, crun or runc (default crun)
#   WARMUP         uncounted rounds before measuring (default 5)
#   START_TIMEOUT  seconds the daemon may take to come up before the run fails (default 120)
set -euo pipefail

runs=${1:-30}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [runs] [nexcage-checkout]" >&2; exit 2; }
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
. "$here/../lib.sh"
repo=$(cd "${2:-$here/../..}" && pwd)
image=${IMAGE:-nexcage-test/busybox:latest}
runtime=${RUNTIME:-crun}
warmup=${WARMUP:-5}
start_timeout=${START_TIMEOUT:-120}
launcher=$repo/nexcage
oci_plugin=$repo/target/runtime/plugins/oci-0.8.0.nexcage-plugin

# --- prerequisites -----------------------------------------------------------------------------
[[ $(id -u) -eq 0 ]] || die "the OCI runtimes run containers as root here; run this as root"
[[ -x $launcher ]] || die "no nexcage launcher at $launcher; pass the NexCage checkout as the second argument"
for t in docker crun runc tar; do command -v "$t" >/dev/null || die "$t is not on the PATH (apt-get install crun runc docker.io)"; done
docker image inspect "$image" >/dev/null 2>&1 || die "the image $image is missing (the backend's tests import nexcage-test/busybox; or set IMAGE)"
if [[ ! -f $oci_plugin ]]; then
  log "building NexCage in $repo (the oci backend plugin is missing)"
  (cd "$repo" && mvn -q -DskipTests package) >&2 || die "the NexCage build failed"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/nexcage-oci-bench.XXXXXX")
nc_pid=""
prefix="nxoci-$$"
cleanup() {
  set +e
  if [[ -n $nc_pid ]] && kill -0 "$nc_pid" 2>/dev/null; then kill -TERM "$nc_pid"; wait "$nc_pid" 2>/dev/null; fi
  for rt in crun runc; do "$rt" --root "$work/floor-$rt" delete -f "$prefix-floor" >/dev/null 2>&1; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the same root file system for all four ------------------------------------------------------
cid=$(docker create "$image" true)
docker export "$cid" >"$work/rootfs.tar"
docker rm "$cid" >/dev/null
mkdir -p "$work/bundle/rootfs"
tar -x -p --numeric-owner -f "$work/rootfs.tar" -C "$work/bundle/rootfs"
# the floor's bundle: the runtime's own default configuration, with no terminal, running echo hi
(cd "$work/bundle" && runc spec && sed -i -e 's/"terminal": true/"terminal": false/' \
  -e 's/^\(\s*\)"sh"$/\1"echo", "hi"/' config.json)
grep -q '"echo", "hi"' "$work/bundle/config.json" || die "could not write the floor's config.json from runc spec"
# crun 1.8 refuses cgroup v1 beside a cgroup v2 mount with controllers; the backend (and so the
# floor) runs it in a mount namespace where that mount is hidden
hide=0
if [[ -n $(cat /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null) ]]; then hide=1; fi  # (cgroupfs files have size 0)
floor() { # floor RUNTIME: sets T (ms)
  local a b out rt=$1
  stamp a
  if [[ $rt == crun && $hide == 1 ]]; then
    out=$(unshare -m sh -c 'umount /sys/fs/cgroup/unified && exec "$@"' sh crun --root "$work/floor-crun" run -b "$work/bundle" "$prefix-floor")
  else
    out=$("$rt" --root "$work/floor-$rt" run -b "$work/bundle" "$prefix-floor")
  fi
  stamp b
  [[ $out == hi ]] || die "$rt run printed '$out', not 'hi'"
  T=$(ms "$a" "$b")
}

echo "NexCage oci backend benchmark: $runs measured rounds"
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr), cgroup v2 hidden from crun: $hide"
echo "java:    $(java -version 2>&1 | head -1)"
echo "docker:  engine $(docker version --format '{{.Server.Version}}' 2>/dev/null); $(crun --version | head -1); $(runc --version | head -1)"
echo "image:   $image ($(stat -c %s "$work/rootfs.tar") bytes as a tarball); oci backend on $runtime"
echo "load:    $(uptime)"
echo

# --- the daemon with the image imported ------------------------------------------------------------
nc_dir=$work/nexcage
nc() { NEXCAGE_HOME=$nc_dir/home NEXCAGE_STATE=$nc_dir/state "$launcher" "$@"; }
mkdir -p "$nc_dir/home"
printf 'plugins:\n  oci:\n    config:\n      runtime: %s\n' "$runtime" >"$nc_dir/home/config.yaml"
log "starting a NexCage daemon"
NEXCAGE_HOME=$nc_dir/home NEXCAGE_STATE=$nc_dir/state "$launcher" daemon >"$nc_dir/daemon.out" 2>&1 &
nc_pid=$!
stamp t0
until out=$(nc backend list 2>/dev/null) && grep -Eq '^oci[[:space:]].*healthy' <<<"$out"; do
  kill -0 "$nc_pid" 2>/dev/null || { cat "$nc_dir/daemon.out" >&2; die "the NexCage daemon exited during start-up"; }
  stamp now; ((now - t0 < start_timeout * 1000000)) || { cat "$nc_dir/daemon.out" >&2; die "the oci backend was not healthy within ${start_timeout}s"; }
  sleep 0.05
done
nc image import --backend oci "$image" "$work/rootfs.tar" >/dev/null || die "nexcage image import failed"

n=0
nc_run() {
  local a b out name="$prefix-$((++n))"
  stamp a; out=$(nc run --rm --backend oci --name "$name" "$image" echo hi); stamp b
  [[ $out == hi ]] || die "nexcage run printed '$out', not 'hi'"
  T=$(ms "$a" "$b")
}
docker_run() {
  local a b out
  stamp a; out=$(docker run --rm "$image" echo hi); stamp b
  [[ $out == hi ]] || die "docker run printed '$out', not 'hi'"
  T=$(ms "$a" "$b")
}
one() { # one CANDIDATE: sets T
  case $1 in nexcage) nc_run ;; docker) docker_run ;; crun) floor crun ;; runc) floor runc ;; esac
}

log "warm-up: $warmup uncounted rounds"
for ((i = 0; i < warmup; i++)); do for c in nexcage docker crun runc; do one "$c"; done; done

declare -A t=()
candidates=(nexcage docker crun runc)
printf '%-5s %12s %12s %12s %12s\n' round nexcage_ms docker_ms crun_ms runc_ms
for ((i = 0; i < runs; i++)); do
  # rotate the order, so that none always runs first (or right after docker's engine work)
  for ((k = 0; k < 4; k++)); do
    c=${candidates[(i + k) % 4]}
    one "$c"; t[$c,$i]=$T
  done
  printf '%-5s %12s %12s %12s %12s\n' "$((i + 1))" "${t[nexcage,$i]}" "${t[docker,$i]}" "${t[crun,$i]}" "${t[runc,$i]}"
done
left=$(nc list --all --backend oci 2>/dev/null | grep -c "^$prefix-" || true)

col() { local c=$1 out=(); for ((i = 0; i < runs; i++)); do out+=("${t[$c,$i]}"); done; echo "${out[@]}"; }
paired() { local a=$1 b=$2 out=(); for ((i = 0; i < runs; i++)); do out+=("$(ratio "${t[$a,$i]}" "${t[$b,$i]}")"); done
  MEDIAN_FORMAT=%.3f median "${out[@]}"; }
echo
echo "Medians of $runs (ms)"
echo "| what | median ms | range ms |"
echo "|---|---:|---:|"
echo "| \`nexcage run --rm --backend oci --name X $image echo hi\` ($runtime) | $(median $(col nexcage)) | $(minmax $(col nexcage)) |"
echo "| \`docker run --rm $image echo hi\` | $(median $(col docker)) | $(minmax $(col docker)) |"
echo "| \`crun run\` of a ready bundle (floor) | $(median $(col crun)) | $(minmax $(col crun)) |"
echo "| \`runc run\` of a ready bundle (floor) | $(median $(col runc)) | $(minmax $(col runc)) |"
echo
p=$(paired nexcage docker)
echo "Ratios (median of the per-round ratios, each round run back to back)"
echo "  nexcage run --backend oci / docker run = $p   (target <= 0.35: $(verdict "$p" 0.35))"
echo "  crun run / docker run                  = $(paired crun docker)"
echo "  runc run / docker run                  = $(paired runc docker)"
echo "  nexcage run --backend oci / $runtime run    = $(paired nexcage "$runtime")"
((left == 0)) || echo "  note: $left containers of nexcage run --rm were still listed after the runs"
echo "load at end: $(uptime)"
