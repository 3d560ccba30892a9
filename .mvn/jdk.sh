# Sourced by ./hanlm, ./run-tests and .ci/run: finds a JDK >= 25 and exports JAVA_HOME.
# Order: $JAVA_HOME, then /usr/lib/jvm/*25*, then any other JDK under /usr/lib/jvm that is new enough.
hanlm_java_major() {
  "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print v[1]; exit }'
}

hanlm_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    [[ -n "$candidate" && -x "$candidate/bin/java" && -x "$candidate/bin/javac" ]] || continue
    major=$(hanlm_java_major "$candidate")
    if [[ "$major" =~ ^[0-9]+$ ]] && (( major >= 25 )); then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "hanlm needs a JDK 25 or newer and found none (looked at JAVA_HOME=${JAVA_HOME:-unset} and /usr/lib/jvm)." >&2
  echo "Install one, e.g. 'apt-get install temurin-25-jdk' from Adoptium's repository or a JDK 25 tarball, then set JAVA_HOME to it." >&2
  return 1
}
