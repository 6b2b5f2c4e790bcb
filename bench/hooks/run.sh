#!/bin/sh
# Runs the hook-dispatch and capability-guard benchmarks briefly (about 3 minutes) and prints a Markdown table.
# Build first from the repository root: mvn -q -DskipTests install   (or -pl bench/hooks -am)
# Extra arguments go to JMH, e.g. ./run.sh DispatchBenchmark -p handlers=10
set -eu
cd "$(dirname "$0")"
[ -d target/classes/META-INF ] || mvn -q -f pom.xml -DskipTests package
mvn -q -f pom.xml dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
# the reactor's own build of nexcage.api/nexcage.hooks/nexcage.security/nexcage.accounting comes first: the local repository's copy may be stale
java -cp "target/classes:../../nexcage.api/target/classes:../../nexcage.hooks/target/classes:../../nexcage.security/target/classes:../../nexcage.accounting/target/classes:$(cat target/classpath.txt)" org.openjdk.jmh.Main \
  -f 1 -wi 2 -w 1s -i 3 -r 2s -rf json -rff target/jmh.json "$@"
python3 - target/jmh.json <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
print("\n| benchmark | handlers | mode | median µs/event | p99 µs/event | median µs/handler | p99 µs/handler | events/s |")
print("|---|---|---|---|---|---|---|---|")
guard = [r for r in rows if "params" not in r]
rows = [r for r in rows if "params" in r]
for r in rows:
    p, m = r["params"], r["primaryMetric"]
    n = int(p["handlers"])
    name = r["benchmark"].split(".")[-2]
    if r["mode"] == "sample":
        pc = m["scorePercentiles"]
        print(f"| {name} | {n} | {p['mode']}{' accounting ' + p['accounting'] if 'accounting' in p else ''} | {pc['50.0']:.2f} | {pc['99.0']:.2f} | {pc['50.0']/n:.3f} | {pc['99.0']/n:.3f} | |")
    else:
        print(f"| {name} ({r['threads']} threads) | {n} | {p['mode']}{' accounting ' + p['accounting'] if 'accounting' in p else ''} | | | | | {m['score']:,.0f} |")
if guard:
    print("\n| guard benchmark | mode | ns/op (average) | median ns | p99 ns |")
    print("|---|---|---|---|---|")
    for r in guard:
        m = r["primaryMetric"]
        name = r["benchmark"].split(".")[-1]
        if r["mode"] == "sample":
            pc = m["scorePercentiles"]
            print(f"| {name} | sample | | {pc['50.0']:.0f} | {pc['99.0']:.0f} |")
        else:
            print(f"| {name} | average | {m['score']:.1f} | | |")
PY
