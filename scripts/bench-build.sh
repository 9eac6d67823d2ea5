# Sourced by every scripts/bench-* after ROOT and BENCH_NAME are set. The benchmarks live in
# their own module (jobs/bench, artifact flotilla-bench), outside the production flotilla.jar.
#
# bench_build [SOURCE...]: builds the bench module and what it depends on (reactor `package`,
# never `install`) if its jar or classpath file is missing, or older than the bench sources or
# any SOURCE given. Sets BENCH_JAR, BENCH_CP (jar + the module's runtime classpath, Spark and
# flotilla-jobs included) and JOBS_JAR (the thin flotilla-jobs jar, for spark.jars).
bench_build() {
  local cp_file="$ROOT/jobs/bench/target/classpath.txt"
  local jar stale=false src
  jar=$(ls "$ROOT"/jobs/bench/target/flotilla-bench-*.jar 2>/dev/null | grep -v sources | head -1 || true)
  for src in $(find "$ROOT/jobs/bench/src" "$ROOT/jobs/bench/pom.xml" -type f) "$@"; do
    [[ -n "$jar" && "$src" -nt "$jar" ]] && stale=true
  done
  if [[ -z "$jar" || ! -f "$cp_file" ]] || $stale; then
    echo "$BENCH_NAME: building the bench module..." >&2
    (cd "$ROOT" && mvn -q -B -DskipTests package -pl jobs/bench -am)
    jar=$(ls "$ROOT"/jobs/bench/target/flotilla-bench-*.jar | grep -v sources | head -1)
  fi
  BENCH_JAR=$jar
  BENCH_CP="$BENCH_JAR:$(cat "$cp_file")"
  JOBS_JAR=$(ls "$ROOT"/jobs/target/flotilla-jobs-*.jar | grep -v sources | head -1)
}
