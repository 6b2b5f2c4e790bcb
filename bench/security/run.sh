#!/bin/sh
# Times the audit of the Docker backend's plugin file (about 2 minutes) and prints a Markdown table:
# warm (JMH average over repeated audits in one JVM) and cold (the first audit in a fresh JVM, 5 forks).
# Build first from the repository root: mvn -q -DskipTests package -pl runtime.pom.xml,bench/security -am
# Extra arguments go to JMH, e.g. ./run.sh -p file=/path/to/other.nexcage-plugin
set -eu
cd "$(dirname "$0")"
[ -d target/classes/META-INF ] || mvn -q -f pom.xml -DskipTests package
mvn -q -f pom.xml dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
# the reactor's own build of nexcage.api/nexcage.security comes first: the local repository's copy may be stale
CP="target/classes:../../nexcage.api/target/classes:../../nexcage.security/target/classes:$(cat target/classpath.txt)"
java -cp "$CP" org.openjdk.jmh.Main AuditBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -rf json -rff target/warm.json "$@"
java -cp "$CP" org.openjdk.jmh.Main 'AuditBenchmark.uncached' -bm ss -f 5 -wi 0 -i 1 -tu ms -rf json -rff target/cold.json "$@"
python3 - target/warm.json target/cold.json <<'PY'
import json, sys
print("\n| case | mode | ms/audit | error (99.9%) |")
print("|---|---|---:|---:|")
for path, mode in ((sys.argv[1], "warm, average"), (sys.argv[2], "cold, first audit in a fresh JVM")):
    for r in json.load(open(path)):
        m = r["primaryMetric"]
        err = m.get("scoreError")
        err = "" if err is None or err != err else f"{err:.1f}"
        print(f"| {r['benchmark'].split('.')[-1]} | {mode} | {m['score']:.1f} | {err} |")
PY
