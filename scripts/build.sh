# Sourced by the scripts: which build they run from. FLOTILLA_PROFILE=spark4 picks the Spark 4 /
# Scala 2.13 build (mvn -Pspark4 package: jobs/target/spark4); unset, the Spark 3.5 / Scala 2.12
# one (jobs/target). The two builds have their own folders and never overwrite each other.
# FLOTILLA_MVN_BUILD is how a script builds what is missing: the Spark 4 build is only packaged,
# never installed, as its jars have the default build's coordinates in ~/.m2.
case "${FLOTILLA_PROFILE:-}" in
  "") FLOTILLA_JOBS_TARGET=$ROOT/jobs/target; FLOTILLA_MVN_BUILD=(-DskipTests install) ;;
  spark4) FLOTILLA_JOBS_TARGET=$ROOT/jobs/target/spark4; FLOTILLA_MVN_BUILD=(-DskipTests -Pspark4 package) ;;
  *) echo "FLOTILLA_PROFILE=$FLOTILLA_PROFILE: no such build (spark4, or unset for Spark 3.5)" >&2; exit 2 ;;
esac
