# Shared by bin/colombier, bin/doveadm and bin/doveconf (sourced, not run): builds the project when its build
# output is missing or older than the sources, then gives the module's runtime class path.
colombier_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# ensure_built MODULE: the jar of MODULE and its copied dependencies exist and are newer than
# every pom.xml and source file.
ensure_built() {
  local module="$1" stamp="$colombier_root/$1/target/lib/.built"
  if [ ! -f "$stamp" ] || [ -n "$(find "$colombier_root" -path '*/target' -prune -o \
        \( -name pom.xml -o -path '*/src/main/*' \) -newer "$stamp" -print -quit)" ]; then
    echo "colombier: building (mvn -DskipTests package) ..." >&2
    (cd "$colombier_root" && mvn -B -q -DskipTests package) >&2 || {
      echo "colombier: build failed" >&2
      exit 1
    }
    touch "$stamp"
  fi
}

# classpath MODULE: the module's jar and its runtime dependencies.
classpath() {
  local module="$1"
  local jar
  jar="$(ls "$colombier_root/$module"/target/colombier-*.jar | grep -v -- '-tests.jar$' | head -n 1)"
  echo "$jar:$colombier_root/$module/target/lib/*"
}

# run_cli JSA_NAME MAIN_CLASS ARGS...: runs a short-lived command of doveadm-cli (bin/doveadm,
# bin/doveconf). The C1 compiler alone on one thread, the serial GC and no perf-data file keep
# start-up low (README: "Start-up cost" has the measurements). So does an AppCDS
# archive of the classes a run loads: the first run after a build writes it (to a private name,
# then moved in place, so concurrent runs never see half an archive); a stale or unreadable
# archive is ignored silently and the JVM starts as without one.
run_cli() {
  local jsa="$colombier_root/doveadm-cli/target/$1.jsa" main="$2"
  shift 2
  ensure_built doveadm-cli
  local cp jar status=0
  cp="$(classpath doveadm-cli)"
  jar="${cp%%:*}"
  local opts=(-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto
    -Xlog:cds=off -Xlog:cds+dynamic=off)
  if [ -f "$jsa" ] && [ "$jsa" -nt "$jar" ]; then
    exec java "${opts[@]}" -XX:SharedArchiveFile="$jsa" ${DOVEADM_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
  fi
  java "${opts[@]}" -XX:ArchiveClassesAtExit="$jsa.$$" ${DOVEADM_JAVA_OPTS:-} -cp "$cp" "$main" "$@" || status=$?
  mv -f "$jsa.$$" "$jsa" 2>/dev/null || rm -f "$jsa.$$"
  exit "$status"
}
