#!/usr/bin/env bash
# prereqs.sh: makes this machine ready to run the tests. Idempotent, and silent when everything
# is already in place; prints what it does otherwise.
#   1. JDK 25 (found by env.sh, which fails with instructions if there is none)
#   2. Debian packages: etcd-server and etcd-client (etcd, etcdctl), util-linux (setpriv)
#      installed with apt-get when run as root; otherwise prints the command and exits 1
#   3. $QUIVER_CACHE/artifacts: the s3proxy jar and the Keycloak distribution, downloaded with
#      `mvn dependency:copy` when absent, and the one-time Keycloak build in
#      $QUIVER_CACHE/keycloak-<version>-built. Both are done by the testkit's own Java code
#      (io.quiver.testkit.Prereqs), the code path the test extensions take on first use, so the
#      artifact versions (root pom) and Keycloak's build options are written down only once.
set -euo pipefail
# shellcheck source=env.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/env.sh"

say() { echo "prereqs: $*" >&2; }

# --- 2. Debian packages ---------------------------------------------------------------------
missing=()
command -v etcd >/dev/null 2>&1 || missing+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || missing+=(etcd-client)
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    say "missing Debian packages: ${missing[*]}; install them with:"
    echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # refresh the package lists only when apt does not know a package yet
  if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
    say "apt-get update"
    apt-get update -qq
  fi
  say "installing ${missing[*]}"
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- 3. artifacts and the Keycloak build ----------------------------------------------------
cd "$QUIVER_HOME"
# Maven 3.8 prints colour resets even with -q -B: keep its output unless it fails.
if ! output=$(mvn -B -q -pl testkit -am -DskipTests compile 2>&1); then
  echo "$output" >&2
  say "compiling the testkit failed"
  exit 1
fi
java -Djava.util.logging.SimpleFormatter.format='prereqs: %5$s%6$s%n' \
  -cp testkit/target/classes io.quiver.testkit.Prereqs

# --- 4. Node SDK tests -----------------------------------------------------------------------
# The Node Milvus SDK drives the server in NodeSdkIT; install its packages from the lock file when
# they are missing or the lock file changed since the last install.
node_dir="$QUIVER_HOME/dataplane/server/src/test/node"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  say "node and npm are required for the Node SDK tests (Debian: apt-get install nodejs npm)"
  exit 1
fi
stamp="$node_dir/node_modules/.quiver-lock"
if [ ! -f "$stamp" ] || ! cmp -s "$node_dir/package-lock.json" "$stamp"; then
  say "npm ci (Node SDK tests)"
  if ! output=$(cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error 2>&1); then
    echo "$output" >&2
    say "npm ci failed in $node_dir"
    exit 1
  fi
  cp "$node_dir/package-lock.json" "$stamp"
fi
