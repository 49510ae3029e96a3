#!/usr/bin/env bash
# bench/run.sh [--corpus NAME[,NAME...]] [--docs N,...] [--k K[,K...]] [--seeds S[,S...]]
#              [--set key=value]...
#
# Measures PaperTrends against plain MLlib and MALLET on the same documents, each system in its
# own JVM under /usr/bin/time -v (so peak memory is attributable), and writes
# bench/results/<date>-<corpus>.json (-2, -3... for later invocations the same day) plus a
# Markdown table. Never run in CI; never fails on a slow number (a system that crashes is
# reported as such).
#
#   --corpus  csv   the arXiv API CSV set in ../shared/data/arxiv-api-csv (default)
#             page  the trending-papers page ../shared/data/trending-papers-page.txt
#             gen   generated corpora (one per --docs size): whole real abstracts with small
#                   word-level perturbations, written once under bench/corpora/gen-<size>/
#   --docs    sizes of the generated corpora (default 1000,10000)
#   --k       number of topics (default 10)
#   --seeds   model seeds (default BENCH_SEED): every system is fitted once per seed on the
#             same corpus, and the table gives each system's mean and spread over the seeds
#   --set     a PaperTrends config override for the PaperTrends run (tuning experiments)
#
# Environment: BENCH_DATA (default ../shared/data beside the project), BENCH_SEED (default 42:
# the seed of the generated corpora, and the model seed when --seeds is not given),
# BENCH_XMX (heap of every system's JVM, default 4g: the 4 GB driver target), BENCH_NOTE (a
# note stored in the results file, e.g. which code was measured), BENCH_TIMEOUT (seconds a
# system may run before it is stopped and reported as timed out, default 1800: the 30-minute
# budget), BENCH_MALLET_CAP_S (MALLET stops sampling after this many seconds and reports the
# iterations it reached, default 900; 0: always 1,000 iterations), JAVA_HOME.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA="${BENCH_DATA:-$ROOT/../shared/data}"
SEED="${BENCH_SEED:-42}"
XMX="${BENCH_XMX:-4g}"
export BENCH_TIMEOUT="${BENCH_TIMEOUT:-1800}"
export BENCH_MALLET_CAP_S="${BENCH_MALLET_CAP_S:-900}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CORPORA="csv"
DOCS="1000,10000"
KS="10"
SEEDS="$SEED"
SETS=()

die() { echo "bench: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --corpus) [ $# -ge 2 ] || die "--corpus needs a name"; CORPORA="$2"; shift 2 ;;
    --docs) [ $# -ge 2 ] || die "--docs needs sizes"; DOCS="$2"; shift 2 ;;
    --k) [ $# -ge 2 ] || die "--k needs a number"; KS="$2"; shift 2 ;;
    --seeds) [ $# -ge 2 ] || die "--seeds needs numbers"; SEEDS="$2"; shift 2 ;;
    --set) [ $# -ge 2 ] || die "--set needs key=value"; SETS+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,27p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see bench/run.sh --help)" ;;
  esac
done
[[ "$DOCS" =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--docs takes sizes like 1000,10000"
[[ "$KS" =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--k takes numbers like 10 or 10,20"
[[ "$SEEDS" =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--seeds takes numbers like 1,2,3"
[ -d "$DATA" ] || die "no data folder $DATA (set BENCH_DATA)"
[ -x /usr/bin/time ] || die "/usr/bin/time is needed for peak memory (Debian package: time)"

# Build the bench classes (main sources + bench/src + MALLET) under target/bench only.
BUILD="$ROOT/target/bench"
mkdir -p "$BUILD"
echo "bench: building (mvn -Pbench)..." >&2
(cd "$ROOT" && mvn -B -q -Pbench -DskipTests compile dependency:build-classpath \
  -Dmdep.includeScope=compile -Dmdep.outputFile="$BUILD/classpath.txt" >&2) \
  || die "build failed"
CP="$BUILD/classes:$(cat "$BUILD/classpath.txt")"
# The module flags Spark's launcher adds to every JVM, as the pom gives them to the tests.
FLAGS=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' "$ROOT/pom.xml")
LOG="-Dlog4j2.configurationFile=$ROOT/conf/log4j2.properties"
export SPARK_LOCAL_IP=127.0.0.1

machine() {
  local cpu mem
  cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)
  mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
  echo "$(nproc) cores ($cpu), $mem RAM, $(uname -sr), $("$JAVA" -version 2>&1 | head -1);" \
    "each system in its own JVM with -Xmx$XMX; load average at start $(cut -d' ' -f1-3 /proc/loadavg)" \
    "(machine shared with other work: timings are noisy)"
}

# run SYSTEM DIR CLASS ARGS...: one system in its own JVM, timed, never fatal.
run() {
  local system="$1" dir="$2" cls="$3"
  shift 3
  rm -rf "$dir" && mkdir -p "$dir"
  echo "bench: $system started" >&2
  # shellcheck disable=SC2086
  /usr/bin/time -v -o "$dir/time.txt" timeout --kill-after=60 "$BENCH_TIMEOUT" \
    "$JAVA" ${RUN_FLAGS:-$FLAGS} -Xmx"$XMX" "$LOG" -cp "$CP" "$cls" "$@" >"$dir/stdout.log" 2> >(tee "$dir/stderr.log" \
      | grep --line-buffered -E '^(papertrends|bench):' >&2) \
    || echo "bench: $system failed (see $dir/stderr.log); reported as such" >&2
  wait
}

# corpus_input NAME: sets INPUT, FORMAT, MAPPING; writes generated corpora once.
corpus_input() {
  case "$1" in
    csv) INPUT="$DATA/arxiv-api-csv"; FORMAT=csv; MAPPING=arxiv-api-csv ;;
    page) INPUT="$DATA/trending-papers-page.txt"; FORMAT=trending-page; MAPPING="" ;;
    gen-*)
      INPUT="$ROOT/bench/corpora/$1"; FORMAT=csv; MAPPING=arxiv-api-csv
      local n="${1#gen-}"
      if [ ! -f "$INPUT/.complete" ] || [ "$(cat "$INPUT/.complete")" != "$n $SEED" ]; then
        echo "bench: generating $1 (seed $SEED)" >&2
        "$JAVA" "$LOG" -cp "$CP" papertrends.bench.CorpusGenerator "$DATA" "$ROOT/conf/mappings" \
          "$n" "$SEED" "$INPUT" || die "cannot generate $1"
        echo "$n $SEED" >"$INPUT/.complete"
      fi ;;
    *) die "unknown corpus $1 (csv, page or gen)" ;;
  esac
}

SETARGS=()
for s in "${SETS[@]+"${SETS[@]}"}"; do SETARGS+=(--set "$s"); done
# PaperTrends' driver gets the GC and JIT flags jobs/papertrends gives it
# (papertrends.spark.driver-jvm-flags, after --set); MLlib and MALLET the module flags only.
# Without PAPERTRENDS_HOME, Plan reads no conf/local.conf, as PaperTrendsRun reads none.
PT_PLAN=$(cd "$ROOT" && env -u PAPERTRENDS_HOME "$JAVA" -cp "$CP" papertrends.cli.Plan \
  "${SETARGS[@]+"${SETARGS[@]}"}" pipeline) || die "cannot read the driver's JVM flags"
PT_FLAGS="$FLAGS $(eval "$PT_PLAN"; echo "$PT_DRIVER_JVM_FLAGS")"

NAMES=()
for c in ${CORPORA//,/ }; do
  if [ "$c" = gen ]; then
    for n in ${DOCS//,/ }; do NAMES+=("gen-$n"); done
  else
    NAMES+=("$c")
  fi
done

DATE=$(date -u +%F)
MACHINE=$(machine)
TABLES=""
for name in "${NAMES[@]}"; do
  corpus_input "$name"
  WORK="$ROOT/bench/work/$name"
  rm -rf "$WORK"  # only this invocation's runs go into its report
  for k in ${KS//,/ }; do
    for seed in ${SEEDS//,/ }; do
      KDIR="$WORK/k$k/seed$seed"
      echo "bench: corpus $name, k $k, seed $seed" >&2
      RUN_FLAGS="$PT_FLAGS" run papertrends "$KDIR/papertrends" papertrends.bench.PaperTrendsRun --home "$ROOT" \
        --input "$INPUT" --format "$FORMAT" --mapping "$MAPPING" --k "$k" --seed "$seed" \
        --out "$KDIR/papertrends" "${SETARGS[@]+"${SETARGS[@]}"}"
      DOCS_TSV="$KDIR/papertrends/docs.tsv"
      TOKENS_TSV="$KDIR/papertrends/tokens.tsv"
      if [ -s "$DOCS_TSV" ]; then
        run mllib "$KDIR/mllib" papertrends.bench.MllibRun "$DOCS_TSV" "$k" "$seed" "$KDIR/mllib"
      fi
      if [ -s "$TOKENS_TSV" ]; then
        run mallet "$KDIR/mallet" papertrends.bench.MalletRun "$TOKENS_TSV" "$k" "$seed" \
          "$KDIR/mallet"
      fi
    done
  done
  OUT="$ROOT/bench/results/$DATE-$name.json"
  n=2
  while [ -e "$OUT" ]; do  # a later invocation the same day never overwrites an earlier one
    OUT="$ROOT/bench/results/$DATE-$name-$n.json"
    n=$((n + 1))
  done
  TABLE=$("$JAVA" -cp "$CP" papertrends.bench.Report "$WORK" "$name" "$OUT" "$DATE" \
    "$MACHINE" ${KS//,/ }) || die "report failed"
  echo "bench: wrote $OUT" >&2
  TABLES+="$TABLE"$'\n\n'
done

echo
echo "Machine: $MACHINE. Date: $DATE."
echo
printf '%s' "$TABLES"
