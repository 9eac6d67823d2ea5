# The --add-opens Spark needs on Java 17, from the one list the driver also reads; sourced by the scripts.
FLOTILLA_OPENS=$(grep -v '^#' "$(dirname "${BASH_SOURCE[0]}")/../driver/src/main/resources/dev/flotilla/driver/jvm-opens.txt" | tr '\n' ' ')
export FLOTILLA_OPENS
