#!/usr/bin/env bash
# The whole test suite: installs what is missing (scripts/prereqs.sh), runs every module's unit
# and integration tests (mvn verify), then checks that no test service process survived.
# Usage: scripts/test.sh [extra maven arguments, e.g. -pl dataplane/server -am]
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/env.sh"
cd "$QUIVER_HOME"

"$QUIVER_HOME/scripts/prereqs.sh"

status=0
mvn -B -ntp verify -Dquiver.excluded.groups=none "$@" || status=$?

# No service started by a test may outlive the build, whether the tests passed or not.
"$QUIVER_HOME/scripts/check-leaks.sh" || status=1

if [ "$status" -ne 0 ]; then
  echo "scripts/test.sh: FAILED (exit $status)" >&2
fi
exit "$status"
