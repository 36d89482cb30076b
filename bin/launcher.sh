# Shared by bin/colombier and bin/doveadm (sourced, not run): builds the project when its build
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
