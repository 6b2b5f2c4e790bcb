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
need flock util-linux
need pgrep procps
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "test.sh: installing ${missing[*]}"
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing ${missing[*]}; install them (e.g. sudo apt-get install ${missing[*]}) and run again" >&2
    exit 1
  fi
fi

# verify: compiles, runs every test module, checks that runtime.bndrun's resolved bundle list is
# current (runtime.pom.xml fails on changes) and exports target/runtime/runtime.jar.
exec mvn -B -ntp verify "$@"
