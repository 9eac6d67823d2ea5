# Shared by the training benchmarks (bench-backends, bench-hdee); sourced after ROOT and
# BENCH_NAME are set. One native thread everywhere, a scratch dir $WORK removed on exit.
PEER_PYTHON=/usr/bin/python3   # Debian's python3-torch lives here, not in a pyenv python

source "$ROOT/scripts/bench-build.sh"   # bench_build: BENCH_JAR, BENCH_CP
source "$ROOT/scripts/jvm-opens.sh"
# Pools sized at library load read these.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
export ONEDNN_MAX_CPU_ISA="${ONEDNN_MAX_CPU_ISA:-AVX2}"  # see SparkSessions: AVX-512 oneDNN kernels gave NaN

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# java with the project's classpath: bench_jvm MAIN_CLASS ARGS...
bench_jvm() {
  local main=$1; shift
  java -Xmx4g $FLOTILLA_OPENS -Dai.djl.offline=true \
    -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
    -cp "$BENCH_CP" "$main" "$@"
}

# Runs one measurement; its JSON line goes to $WORK/NAME.json, everything else to NAME.log.
# A failed run is recorded as an error and the others still run.
measure() {
  local name=$1; shift
  if "$@" >"$WORK/$name.out" 2>"$WORK/$name.log"; then
    # Libraries may print to stdout too: the result is the last line that is a JSON object.
    # (No such line leaves the file empty, which the aggregation reports as an error.)
    { grep '^{' "$WORK/$name.out" || true; } | tail -1 >"$WORK/$name.json"
  else
    local rc=$?
    echo "$BENCH_NAME: $name failed (exit $rc): $(tail -1 "$WORK/$name.log")" >&2
    printf '{"error": "exit %d"}\n' "$rc" >"$WORK/$name.json"
  fi
}

# awk reads all of java's output: `head -1` could close the pipe early, and with pipefail the
# resulting SIGPIPE would end the script. Skips a "Picked up JAVA_TOOL_OPTIONS" line too.
JAVA_VERSION=$(java -version 2>&1 | awk '/version/ && !v { v = $0 } END { print v }')
