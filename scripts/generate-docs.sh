#!/usr/bin/env bash
# Regenerates the parts of docs/ that are derived from the code (tests fail when they drift):
# the configuration table of docs/configuration.md, the unsupported-RPC list of docs/limits.md and
# the privilege table of docs/security.md.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/env.sh"
cd "$QUIVER_HOME"
mvn -B -q -ntp -DskipTests -pl dataplane/server -am package >/dev/null
cp="dataplane/server/target/classes:$(cat dataplane/server/target/launcher.classpath)"
table=$(java -cp "$cp" io.quiver.server.config.ConfigDocs)
rpcs=$(java -cp "$cp" io.quiver.server.grpc.UnsupportedRpcs)
privileges=$(java -cp "$cp" io.quiver.server.auth.PrivilegeTable)
python3 - "$table" "$rpcs" "$privileges" <<'PY'
import re, sys
table, rpcs, privileges = sys.argv[1].strip(), sys.argv[2].strip(), sys.argv[3].strip()
def put(path, start, end, body):
    s = open(path).read()
    s = re.sub(re.escape(start) + r"\n.*?\n" + re.escape(end), lambda m: start + "\n" + body + "\n" + end, s, flags=re.S)
    open(path, "w").write(s)
put("docs/configuration.md", "<!-- config-table-start -->", "<!-- config-table-end -->", table)
put("docs/limits.md", "<!-- unsupported-rpcs-start -->", "<!-- unsupported-rpcs-end -->", rpcs)
put("docs/security.md", "<!-- privilege-table-start -->", "<!-- privilege-table-end -->", privileges)
PY
echo "docs/configuration.md, docs/limits.md and docs/security.md regenerated"
