# Sourced by jobs/papertrends and jobs/cluster: finds the application jar and Spark's class path.
#
# - PAPERTRENDS_JAR names the jar: used as it is, never built.
# - A source checkout (pom.xml and src/main beside jobs/): target/<artifactId>-<version>.jar, both
#   read from the pom, built with Maven when missing or older than the sources; Spark's class path
#   is the project's resolved Maven dependencies (target/spark-classpath.txt).
# - A deployed copy (no pom.xml): the one papertrends*.jar in lib/ (or PAPERTRENDS_JAR), and
#   Spark from SPARK_HOME. Maven is never called.
# - The DuckDB JDBC driver (the `bi` step; large native libraries, so never in the application jar):
#   PAPERTRENDS_BI_CLASSPATH when set (empty: none), else the project's resolved
#   org.duckdb:duckdb_jdbc (target/bi-classpath.txt) in a source checkout, lib/bi/*.jar in a
#   deployed copy; none when missing (bi then says so in one line).
# Sets JAR, SPARK_CP and BI_CP; needs PT_HOME, JAVA and die().

pom_value() {  # the project's own <artifactId>/<version> (two-space indent under <project>)
  sed -n "s|^  <$1>\(.*\)</$1>.*|\1|p" "$PT_HOME/pom.xml" | head -1
}

# Every dependency that is not test-only: the provided ones (Spark, Hadoop) and the compile and
# runtime ones (Delta, Config, ..., also in the application jar). The plugin's user property is
# includeScope (not mdep.includeScope, which it ignores: test jars such as junit and
# hadoop-client-minicluster then landed on the class path). includeScope=provided alone is not
# enough: a jar that Spark and Delta both need (scala-library, jackson, parquet) is mediated to
# compile scope; includeScope=runtime adds compile and runtime, but not provided.
write_spark_classpath() {
  local out="$1" part
  : > "$out.parts" || return 1
  for part in provided runtime; do
    (cd "$PT_HOME" && mvn -B -q dependency:build-classpath -DincludeScope=$part \
      -Dmdep.outputFile="$out.$part" >&2) || return 1
    { cat "$out.$part"; echo; } >> "$out.parts"
  done
  tr ':' '\n' < "$out.parts" | awk 'NF && !seen[$0]++' | paste -sd: - > "$out.tmp" \
    && mv "$out.tmp" "$out" && rm -f "$out.parts" "$out.provided" "$out.runtime"
}

resolve_app() {
  if [ -f "$PT_HOME/pom.xml" ] && [ -d "$PT_HOME/src/main" ]; then
    JAR="${PAPERTRENDS_JAR:-$PT_HOME/target/$(pom_value artifactId)-$(pom_value version).jar}"
    local cp_file="$PT_HOME/target/spark-classpath.txt"
    mkdir -p "$PT_HOME/target"
    exec 9>"$PT_HOME/target/.build.lock"
    flock 9
    if [ -z "${PAPERTRENDS_JAR:-}" ] && { [ ! -f "$JAR" ] \
        || [ -n "$(find "$PT_HOME/src/main" "$PT_HOME/pom.xml" -newer "$JAR" -print -quit)" ]; }; then
      echo "papertrends: building the application jar (mvn package, first time only)..." >&2
      (cd "$PT_HOME" && mvn -B -q -DskipTests package >&2) || die "build failed (see the Maven output above)"
    fi
    if [ ! -s "$cp_file" ] || [ "$PT_HOME/pom.xml" -nt "$cp_file" ] || [ "${BASH_SOURCE[0]}" -nt "$cp_file" ]; then
      write_spark_classpath "$cp_file" || die "cannot resolve the Spark class path (mvn dependency:build-classpath)"
    fi
    SPARK_CP=$(cat "$cp_file")
    local bi_file="$PT_HOME/target/bi-classpath.txt"
    if [ -z "${PAPERTRENDS_BI_CLASSPATH+set}" ] && { [ ! -s "$bi_file" ] || [ "$PT_HOME/pom.xml" -nt "$bi_file" ]; }; then
      (cd "$PT_HOME" && mvn -B -q dependency:build-classpath -DincludeScope=test \
        -DincludeGroupIds=org.duckdb -DincludeArtifactIds=duckdb_jdbc -Dmdep.outputFile="$bi_file" >&2) \
        || echo "papertrends: the DuckDB driver could not be resolved; the bi step is off" >&2
    fi
    BI_CP="${PAPERTRENDS_BI_CLASSPATH-$(cat "$bi_file" 2>/dev/null || true)}"
    flock -u 9
  else
    if [ -z "${PAPERTRENDS_JAR:-}" ]; then
      local jars=("$PT_HOME"/lib/papertrends*.jar)
      [ -f "${jars[0]}" ] || die "no application jar: set PAPERTRENDS_JAR or put it in $PT_HOME/lib/" 2
      [ ${#jars[@]} -eq 1 ] || die "several jars in $PT_HOME/lib/ (${jars[*]##*/}): keep one or set PAPERTRENDS_JAR" 2
    fi
    JAR="${PAPERTRENDS_JAR:-${jars[0]}}"
    [ -n "${SPARK_HOME:-}" ] && [ -d "$SPARK_HOME/jars" ] \
      || die "set SPARK_HOME to a Spark 4.2 installation (this copy has no pom.xml to resolve Spark from)" 2
    SPARK_CP="$SPARK_HOME/jars/*"
    local bi_jars=("$PT_HOME"/lib/bi/*.jar)
    if [ -f "${bi_jars[0]}" ]; then
      BI_CP="${PAPERTRENDS_BI_CLASSPATH-$(IFS=:; echo "${bi_jars[*]}")}"
    else
      BI_CP="${PAPERTRENDS_BI_CLASSPATH-}"
    fi
  fi
  [ -f "$JAR" ] || die "no application jar at $JAR" 2
}
