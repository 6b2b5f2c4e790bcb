#!/usr/bin/env bash
# Runs the whole NexCage test suite on a fresh Debian machine: unit tests (every validation
# vector), Pax Exam tests in Felix, and end-to-end tests that drive the real launcher and daemon.
# Installs what the tests need when it is missing and this runs as root.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"

missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
need java default-jdk-headless
need mvn maven
need perl perl-base
# the native client (launcher/nexcage-client.c, built to target/runtime/bin/nexcage when a C compiler is
# present): with gcc here the e2e tests run it beside the Perl launcher, and fail if the build left it out
need cc gcc
need flock util-linux
need pgrep procps
need prometheus prometheus
need openssl openssl
need prometheus-pushgateway prometheus-pushgateway
# the sandbox (issue 17): bubblewrap for namespaces and the read-only root, libseccomp's Python binding to
# compile its seccomp filter
need bwrap bubblewrap
/usr/bin/python3 -c 'import seccomp' >/dev/null 2>&1 || missing+=(python3-seccomp)
# Docker backend instances (issue 20): the tests start Podman's service (its compatible API wants catatonit
# for --init) and a second dockerd with TLS
need podman podman
[[ -x /usr/libexec/podman/catatonit ]] || missing+=(catatonit)
# the oci backend (issue 20): the OCI runtimes it drives, umoci for OCI image layouts, tini's static init
need crun crun
need runc runc
need umoci umoci
[[ -x /usr/bin/tini-static ]] || missing+=(tini)
# the lxc backend (issue 20): liblxc's tools (umoci, above, for its OCI layout imports)
need lxc-start lxc
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "test.sh: installing ${missing[*]}"
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing ${missing[*]}; install them (e.g. sudo apt-get install ${missing[*]}) and run again" >&2
    exit 1
  fi
fi

# The container tests need a real Docker engine. Start one when none answers and this runs as
# root (Debian's docker.io; no bridge or iptables, which these machines do not allow); otherwise
# those tests fail with a sentence saying how to get one.
if ! docker info >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    if ! command -v dockerd >/dev/null || ! command -v busybox >/dev/null; then
      echo "test.sh: installing docker.io and busybox-static"
      t0=$SECONDS
      apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io busybox-static >/dev/null
      echo "test.sh: installed in $((SECONDS - t0)) s"
    fi
    # a dockerd that is still stopping holds its pid file (the new one would refuse to start); a
    # dead one leaves it behind
    if [[ -f /var/run/docker.pid ]]; then
      old=$(cat /var/run/docker.pid 2>/dev/null || true)
      for _ in $(seq 1 60); do [[ -n $old ]] && kill -0 "$old" 2>/dev/null || break; sleep 0.5; done
      [[ -n $old ]] && kill -0 "$old" 2>/dev/null || rm -f /var/run/docker.pid
    fi
    echo "test.sh: starting dockerd (log: /tmp/nexcage-test-dockerd.log)"
    t0=$SECONDS
    # without the descriptors this script inherited: under `flock LOCK ./test.sh` the engine would hold the lock for
    # as long as it runs, long after the tests (it did, 2026-12-06, for every helper waiting on the heavy-work lock)
    ( for fd in /proc/$BASHPID/fd/*; do fd=${fd##*/}; ((fd > 2)) && eval "exec $fd>&-"; done
      exec setsid dockerd --iptables=false --bridge=none </dev/null >/tmp/nexcage-test-dockerd.log 2>&1 ) &
    dockerd_pid=$!
    for _ in $(seq 1 120); do
      docker info >/dev/null 2>&1 && break
      kill -0 "$dockerd_pid" 2>/dev/null || break # it gave up: its log says why
      sleep 0.5
    done
    if docker info >/dev/null 2>&1; then
      echo "test.sh: dockerd answers after $((SECONDS - t0)) s"
    else
      echo "test.sh: dockerd did not come up; see /tmp/nexcage-test-dockerd.log" >&2
    fi
  else
    echo "test.sh: no Docker engine answers; the container tests will fail. Start one (e.g. sudo dockerd) or run this as root" >&2
  fi
fi

# verify: compiles, runs every test module, checks that runtime.bndrun's resolved bundle list is
# current (runtime.pom.xml fails on changes) and exports target/runtime/runtime.jar.
exec mvn -B -ntp verify "$@"
