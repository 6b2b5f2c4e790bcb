#!/bin/sh
# Times the audit of the Docker backend's plugin file (about 2 minutes) and prints a Markdown table:
# warm (JMH average over repeated audits in one JVM) and cold (the first audit in a fresh JVM, 5 forks).
# Build first from the repository root: mvn -q -DskipTests package -pl runtime.pom.xml,bench/security -am
# Extra arguments go to JMH, e.g. ./run.sh -p file=/path/to/other.nexcage-plugin
set -eu
cd "$(dirname "$0")"
# within the reactor (nothing installed): every module writes the file, bench/security last
mvn -q -o -f ../../pom.xml -pl bench/security -am compile dependency:build-classpath \
  -Dmdep.outputFile="$(pwd)/target/classpath.txt" >/dev/null
# the reactor's own build of nexcage.api/nexcage.security comes first: the local repository's copy may be stale
CP="target/classes:../../nexcage.api/target/classes:../../nexcage.security/target/classes:$(cat target/classpath.txt)"
java -cp "$CP" org.openjdk.jmh.Main '\.AuditBenchmark' -f 1 -wi 3 -w 2s -i 5 -r 2s -rf json -rff target/warm.json "$@"
java -cp "$CP" org.openjdk.jmh.Main ColdAuditBenchmark -f 7 -wi 0 -i 1 -rf json -rff target/cold.json "$@"
python3 - target/warm.json target/cold.json <<'PY'
import json, statistics, sys
print("\n| case | mode | ms/audit |")
print("|---|---|---:|")
for r in json.load(open(sys.argv[1])):
    m = r["primaryMetric"]
    print(f"| {r['benchmark'].split('.')[-1]} | warm, average ± 99.9% | {m['score']:.1f} ± {m['scoreError']:.1f} |")
for r in json.load(open(sys.argv[2])):
    shots = sorted(v for fork in r["primaryMetric"]["rawData"] for v in fork)
    print(f"| {r['benchmark'].split('.')[-1]} | cold, one per fresh JVM ({len(shots)} forks) | median {statistics.median(shots):.0f} (min {shots[0]:.0f}, max {shots[-1]:.0f}) |")
PY
