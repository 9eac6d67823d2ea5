# Sourced by the scripts: which build they run from. FLOTILLA_PROFILE=spark4 picks the Spark 4 /
# Scala 2.13 build (mvn -Pspark4 package: jobs/target/spark4); unset, the Spark 3.5 / Scala 2.12
# one (jobs/target). The two builds have their own folders and never overwrite each other.
case "${FLOTILLA_PROFILE:-}" in
  "") FLOTILLA_JOBS_TARGET=$ROOT/jobs/target; FLOTILLA_MVN_PROFILE=() ;;
  spark4) FLOTILLA_JOBS_TARGET=$ROOT/jobs/target/spark4; FLOTILLA_MVN_PROFILE=(-Pspark4) ;;
  *) echo "FLOTILLA_PROFILE=$FLOTILLA_PROFILE: no such build (spark4, or unset for Spark 3.5)" >&2; exit 2 ;;
esac
