# The --add-opens Spark needs on Java 17 (see ../shared/FACTS.md); sourced by the scripts.
FLOTILLA_OPENS=""
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
         java.util.concurrent java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs \
         sun.security.action sun.util.calendar; do
  FLOTILLA_OPENS="$FLOTILLA_OPENS --add-opens=java.base/$p=ALL-UNNAMED"
done
export FLOTILLA_OPENS
