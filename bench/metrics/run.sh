#!/bin/sh
# Times one /metrics scrape with 100 fake plugins against the Prometheus text writer on a plain
# registry of as many data points, and what timing a backend call for the latency histograms adds
# to it (JMH, about 1.5 minutes), and prints a Markdown table.
# Build first from the repository root: mvn -q -DskipTests package -pl bench/metrics -am
# Extra arguments go to JMH, e.g. ./run.sh -p plugins=500
set -eu
cd "$(dirname "$0")"
mvn -q -o -f ../../pom.xml -pl bench/metrics -am compile dependency:build-classpath \
  -Dmdep.outputFile="$(pwd)/target/classpath.txt" >/dev/null
# the reactor's own classes first: the local repository's copies may be stale
CP="target/classes"
for m in nexcage.api nexcage.hooks nexcage.security nexcage.accounting nexcage.core nexcage.metrics; do CP="$CP:../../$m/target/classes"; done
java -cp "$CP:$(cat target/classpath.txt)" org.openjdk.jmh.Main 'ScrapeBenchmark|OperationTimesBenchmark' -f 1 -wi 3 -w 2s -i 5 -r 2s \
  -rf json -rff target/scrape.json "$@"
python3 - target/scrape.json <<'PY'
import json, sys
print("\n| case | plugins | time (average ± 99.9%) |")
print("|---|---:|---:|")
for r in json.load(open(sys.argv[1])):
    m = r["primaryMetric"]
    plugins = r.get("params", {}).get("plugins", "-")
    print(f"| {r['benchmark'].split('.')[-1]} | {plugins} | {m['score']:.2f} ± {m['scoreError']:.2f} {m['scoreUnit']} |")
PY
