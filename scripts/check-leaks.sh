#!/usr/bin/env bash
# check-leaks.sh: finds processes that the testkit started and that are still running (every
# testkit child carries QUIVER_TESTKIT=<owner pid> in its environment), prints them, SIGKILLs
# them, and exits 1 if there were any, 0 otherwise.
#   --orphans   only those whose owner JVM is gone (leaves the services of running test JVMs alone)
set -uo pipefail

# Our own forks would carry the marker too if we inherited it: run without it.
if [ -n "${QUIVER_TESTKIT+set}" ]; then
  exec env -u QUIVER_TESTKIT "$0" "$@"
fi

orphans_only=false
case "${1:-}" in
  "") ;;
  --orphans) orphans_only=true ;;
  *) echo "usage: $0 [--orphans]" >&2; exit 2 ;;
esac

found=0
for dir in /proc/[0-9]*; do
  pid=${dir#/proc/}
  [ "$pid" = "$$" ] && continue
  # processes that exit meanwhile, or that we may not read, are skipped
  owner=$({ tr '\0' '\n' <"$dir/environ"; } 2>/dev/null | sed -n 's/^QUIVER_TESTKIT=//p' | head -n 1)
  [ -n "$owner" ] || continue
  if $orphans_only && [ -d "/proc/$owner" ]; then
    continue
  fi
  cmdline=$({ tr '\0' ' ' <"$dir/cmdline"; } 2>/dev/null)
  echo "leaked process: pid $pid (owner pid $owner): ${cmdline:0:300}"
  kill -KILL "$pid" 2>/dev/null || true
  found=1
done

if [ "$found" -ne 0 ]; then
  echo "check-leaks: killed the processes above" >&2
  exit 1
fi
exit 0
