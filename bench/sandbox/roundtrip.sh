#!/bin/sh
# A sandboxed plugin's hook and command round trips through the bridge, against the same calls
# in-process, and its child's start (exec to services registered). Prints a Markdown table.
# Usage: bench/sandbox/roundtrip.sh [STARTS] [HOOK_CALLS] [COMMAND_CALLS]
# WORK (default /tmp/nexcage-bench-sandbox) keeps the child's framework cache and CDS archive;
# COLD=1 deletes it first, so the first start is a cold one.
set -eu
cd "$(dirname "$0")"
WORK=${WORK:-/tmp/nexcage-bench-sandbox}
[ "${COLD:-0}" = 1 ] && rm -rf "$WORK"
# within the reactor (nothing installed): the bridge bundle must be packaged, with the child jar inside
mvn -q -o -f ../../pom.xml -pl bench/sandbox -am package -DskipTests dependency:build-classpath \
  -Dmdep.outputFile="$(pwd)/target/classpath.txt" >/dev/null
# the reactor's own builds come first: the local repository's copies may be stale
# the bridge is installed as a bundle, never put on the class path (see SandboxRoundTrip.daemonFramework)
DEPS=$(tr ':' '\n' < target/classpath.txt | grep -v 'nexcage.sandbox.bridge' | paste -sd: -)
CP="target/classes:../../nexcage.api/target/nexcage.api-0.8.0.jar:../../nexcage.testkit/target/classes:$DEPS"
exec java -XX:+UseSerialGC -Dbench.bridge.jar=../../nexcage.sandbox.bridge/target/nexcage.sandbox.bridge-0.8.0.jar \
  -cp "$CP" nexcage.bench.sandbox.SandboxRoundTrip "$WORK" "$@"
