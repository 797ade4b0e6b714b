#!/usr/bin/env bash
# Runs the policy engine JMH benchmark. Arguments are JMH options, e.g. -wi 3 -i 5 -p policies=10000
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -pl security-extensions test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
m=security-extensions
exec java -cp "$m/target/test-classes:$m/target/classes:$(cat $m/target/bench.classpath)" \
    io.citadel.security.policy.bench.PolicyEngineBenchmark "$@"
