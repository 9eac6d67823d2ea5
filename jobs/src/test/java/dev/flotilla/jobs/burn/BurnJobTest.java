package dev.flotilla.jobs.burn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.jobs.testing.CommittedRun;
import dev.flotilla.jobs.testing.Sparks;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The burn job planned from a config and merged from committed records, without Spark. */
class BurnJobTest {

  @TempDir Path tmp;

  private JobSpec job(String seconds) {
    return Sparks.job("job = burn\nengine.run-dir = \"" + tmp.toUri() + "\"\nburn.seconds = " + seconds + "\n");
  }

  @Test
  void plansOneUnitPerEntryAndTablesWhenEachRan() throws Exception {
    JobSpec job = job("[0.5, 2, 0]");
    List<PlannedUnit> units = job.plan().units();
    assertThat(units).extracting(PlannedUnit::cost).containsExactly(0.5, 2.0, 0.0);
    assertThat(units).extracting(u -> u.unit().name()).containsExactly("burn-0-0.5s", "burn-1-2.0s", "burn-2-0.0s");

    CommittedRun run = new CommittedRun(tmp, job.plan());
    run.commit(units.get(0), new BurnResult(0.5, 0.6, 10, 1.5), 10_000, 10_600, "1");
    run.commit(units.get(1), new BurnResult(2.0, 2.2, 40, 2.5), 9_000, 11_200, "0");
    run.commit(units.get(2), new BurnResult(0.0, 0.01, 1, 3.5), 10_700, 10_710, "1");
    run.merge(job);

    JsonNode rows = run.table("burn");
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).path("unit").asText()).isEqualTo("burn-0-0.5s");
    assertThat(rows.get(0).path("cost_seconds").asDouble()).isEqualTo(0.5);
    assertThat(rows.get(0).path("wall_seconds").asDouble()).isEqualTo(0.6);
    assertThat(rows.get(0).path("start_offset_s").asDouble()).as("after the first unit's start").isEqualTo(1.0);
    assertThat(rows.get(1).path("start_offset_s").asDouble()).isEqualTo(0.0);
    assertThat(rows.get(1).path("executor").asText()).isEqualTo("0");
    assertThat(run.facts().path("units_span_seconds").asDouble()).as("9.0 s to 11.2 s").isEqualTo(2.2);
  }

  @Test
  void negativeOrMissingSecondsAreRefused() {
    assertThatThrownBy(() -> job("[1, -1]")).hasMessageContaining("burn.seconds = [1,-1]: entries must be numbers >= 0");
    assertThatThrownBy(() -> job("[]")).hasMessageContaining("burn.seconds = []: must not be empty");
  }
}
