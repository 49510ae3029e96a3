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
    if [ ! -s "$cp_file" ] || [ "$PT_HOME/pom.xml" -nt "$cp_file" ]; then
      (cd "$PT_HOME" && mvn -B -q dependency:build-classpath -Dmdep.includeScope=provided \
        -Dmdep.outputFile="$cp_file" >&2) || die "cannot resolve the Spark class path (mvn dependency:build-classpath)"
    fi
    SPARK_CP=$(cat "$cp_file")
    local bi_file="$PT_HOME/target/bi-classpath.txt"
    if [ -z "${PAPERTRENDS_BI_CLASSPATH+set}" ] && { [ ! -s "$bi_file" ] || [ "$PT_HOME/pom.xml" -nt "$bi_file" ]; }; then
      (cd "$PT_HOME" && mvn -B -q dependency:build-classpath -Dmdep.includeScope=test \
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
