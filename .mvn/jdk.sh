# Sourced by ./ects and ./mvnw: finds a JDK >= 21 and sets ECTS_JAVA_HOME.
# Order: $JAVA_HOME, then JDKs installed under the usual folders (newest first), then `java` on the PATH.

ects_jdk_major() { # prints the feature version of the JDK at $1
  local v
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)"
  v="${v#1.}"
  [ -n "$v" ] && echo "${v%%.*}"
}

ects_find_jdk() {
  local candidate major
  local -a candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for candidate in $(ls -d /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home 2>/dev/null | sort -rV); do
    candidates+=("$candidate")
  done
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for candidate in "${candidates[@]}"; do
    major="$(ects_jdk_major "$candidate" 2>/dev/null)" || continue
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      ECTS_JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "OpenECTS needs a JDK 21 or newer; none found (looked at \$JAVA_HOME, /usr/lib/jvm, /opt, ~/.sdkman, the PATH)." >&2
  echo "Install one (for example Debian's openjdk-21-jdk or a Temurin 21+) or point JAVA_HOME at it." >&2
  return 1
}
