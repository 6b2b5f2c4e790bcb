#!/usr/bin/env bash
# Makes the class data sharing archive that ships beside runtime.jar (DIR/cds/, DESIGN §9): one
# training start of the daemon through the launcher, on a throw-away home and state, stopped with
# SIGTERM once it serves `plugin list`; the JVM writes the archive as it exits and the launcher,
# which names it by the runtime jar and JDK, finds it there from the next start of any state
# directory. Run by runtime.pom.xml after the export. Never fails the build: without the archive
# each state directory gets its own at its first orderly exit.
# Usage: runtime.cds.sh DIR (the directory of runtime.jar) LAUNCHER
set -u
dir=$1 launcher=$2
work=$dir/cds-training
rm -rf "$work" "$dir/cds"
mkdir -p "$work/home/plugins" "$dir/cds"
export NEXCAGE_JAR=$dir/runtime.jar NEXCAGE_HOME=$work/home NEXCAGE_STATE=$work/state
unset NEXCAGE_JAVA_OPTS NEXCAGE_SOCKET NEXCAGE_CDS
# a dynamic archive on every JDK: on JDK 25+ the launcher would otherwise train an AOT cache in the state directory
export NEXCAGE_AOT=0
"$launcher" daemon >"$work/daemon.out" 2>&1 &
pid=$!
served=0
for _ in $(seq 1 1200); do   # 120 s at most
  kill -0 "$pid" 2>/dev/null || break
  # served, and the plugins present at start taken in (until then the list answers with a note): the archive is
  # to hold the classes of the plugins' checks and starts as well
  if note=$("$launcher" plugin list 2>&1 >/dev/null) && [[ $note != *"still starting the plugins"* ]]; then served=1; break; fi
  sleep 0.1
done
kill -TERM "$pid" 2>/dev/null
for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
made=("$NEXCAGE_STATE"/cds/runtime-*.jsa)
if ((served)) && [[ -s ${made[0]} ]]; then
  mv "${made[0]}" "$dir/cds/"
  echo "runtime.cds.sh: made $dir/cds/${made[0]##*/}"
  # One more start, stopped as soon as the launcher has tried the archive and stamped it (.verified), so that
  # an installation whose runtime directory a user cannot write does not try it again at every start.
  export NEXCAGE_STATE=$work/state2
  "$launcher" daemon >>"$work/daemon.out" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do [[ -f $dir/cds/${made[0]##*/}.verified ]] && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  [[ -f $dir/cds/${made[0]##*/}.verified ]] || echo "runtime.cds.sh: the archive was not stamped as tried; the first start will try it" >&2
else
  echo "runtime.cds.sh: no class data sharing archive made (the training start's output: $work/daemon.out); the daemon makes its own" >&2
  exit 0
fi
rm -rf "$work"
