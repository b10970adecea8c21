# shellcheck shell=bash
# Sourced by bin/quiver and the scripts in this folder: finds the repository root, a JDK 25+
# and the JVM flags, and sets the Maven options. Safe to source more than once.

QUIVER_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export QUIVER_HOME
# Downloads and one-time builds (s3proxy jar, Keycloak distribution, npm packages).
export QUIVER_CACHE="${QUIVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/quiver}"

quiver_java_major() { # $1 = java executable; prints the feature version, or nothing
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

quiver_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 \
                   /usr/lib/jvm/temurin-2[5-9]-jdk* /usr/lib/jvm/java-2[5-9]-openjdk*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(quiver_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! QUIVER_JAVA_HOME=$(quiver_find_jdk); then
  echo "quiver: no JDK 25 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, /usr/lib/jvm/temurin-25-jdk-amd64)." >&2
  echo "quiver: install Temurin 25 or point JAVA_HOME at a JDK 25+." >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME="$QUIVER_JAVA_HOME"
case ":$PATH:" in *":$JAVA_HOME/bin:"*) ;; *) export PATH="$JAVA_HOME/bin:$PATH" ;; esac

# The JVM flags are written down once, in the root pom.xml (property quiver.jvm.flags).
QUIVER_JVM_FLAGS=$(sed -n 's:.*<quiver.jvm.flags>\(.*\)</quiver.jvm.flags>.*:\1:p' "$QUIVER_HOME/pom.xml")
export QUIVER_JVM_FLAGS

# Maven itself runs on the JDK above; this flag silences its own Unsafe warning on JDK 25.
case " ${MAVEN_OPTS:-} " in
  *"--sun-misc-unsafe-memory-access=allow"*) ;;
  *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
esac
