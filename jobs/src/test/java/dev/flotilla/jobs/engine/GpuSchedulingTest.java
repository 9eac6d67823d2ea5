package dev.flotilla.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.manifest.AttemptRecord;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.executors.unit.UnitRunner;
import dev.flotilla.jobs.testing.Sparks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code engine.gpus-per-unit} on a real multi-JVM cluster: {@code local-cluster[2,2,1024]} (two
 * workers of two cores) whose workers find one GPU each through a fake discovery script (each
 * call hands out the next address, as two hosts with one GPU each would report). Units ask for
 * one GPU each, so at most two run at once although four cores are free, and units running at
 * the same time hold different GPUs.
 */
class GpuSchedulingTest {

  @TempDir Path tmp;

  /** A discovery script that gives each worker its own GPU: "0" to the first call, "1" to the next... */
  static Path discoveryScript(Path dir) throws Exception {
    Path script = dir.resolve("gpus.sh");
    Files.writeString(script, """
        #!/bin/sh
        # Fake GPUs: one address per call, handed out in turn (flock: workers may start together).
        dir=$(dirname "$0")
        exec 9>"$dir/gpus.lock"
        flock 9
        n=$(cat "$dir/gpus.next" 2>/dev/null || echo 0)
        echo $((n + 1)) > "$dir/gpus.next"
        echo "{\\"name\\": \\"gpu\\", \\"addresses\\": [\\"$n\\"]}"
        """);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  @Test
  void unitsGetDistinctGpusAndNoMoreRunAtOnceThanThereAreGpus() throws Exception {
    Path script = discoveryScript(Files.createDirectories(tmp.resolve("gpus")));
    JobSpec job = Sparks.job("""
        job = burn
        engine {
          run-dir = "%s", master = "local-cluster[2,2,1024]", progress = false
          gpus-per-unit = 1
          gpu-discovery-script = "%s"
          spark-conf { "spark.executor.resource.gpu.amount" = 1 }
        }
        burn.seconds = [1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5]
        """.formatted(tmp.resolve("run").toUri(), script));
    SparkSession spark = Sparks.localCluster(tmp, job.engine());
    RunManifest m;
    try {
      assertThat(spark.sparkContext().getConf().get("spark.task.resource.gpu.amount")).isEqualTo("1");
      m = Flotilla.run(spark, job);
    } finally {
      spark.stop();
    }
    assertThat(m.units.values()).allMatch(e -> e.state == UnitState.COMMITTED);
    record Span(String unit, String gpu, String executor, long start, long end) {}
    List<Span> spans = new ArrayList<>();
    for (UnitEntry e : m.units.values()) {
      AttemptRecord a = e.attempts.get(e.attempts.size() - 1);
      spans.add(new Span(e.name, e.facts.get(UnitRunner.GPU_ADDRESSES_FACT), a.executorId(), a.startMillis(),
          a.endMillis()));
    }
    assertThat(spans).allMatch(s -> s.gpu() != null, "every unit records the GPU it was given");
    assertThat(spans.stream().map(Span::gpu).distinct().sorted()).containsExactly("0", "1");
    int most = 0;
    for (Span s : spans) {
      List<Span> atStart = spans.stream().filter(o -> o.start() <= s.start() && s.start() < o.end()).toList();
      most = Math.max(most, atStart.size());
      assertThat(atStart.stream().map(Span::gpu).distinct().count()).as("GPUs of the units running when %s started: %s",
          s.unit(), atStart).isEqualTo(atStart.size());
    }
    assertThat(most).as("units at once, with 4 cores but 2 GPUs").isLessThanOrEqualTo(2);
    // Each executor (one per worker) owns one GPU: a GPU never moves between executors.
    assertThat(spans.stream().map(s -> s.executor() + "=" + s.gpu()).distinct().count()).isEqualTo(2);
  }

  @Test
  void localModeCannotScheduleGpusAndSaysSo() {
    assertThatThrownBy(() -> Sparks.job("""
        job = burn
        engine { run-dir = "%s", master = "local[2]", gpus-per-unit = 1 }
        """.formatted(tmp.toUri())))
        .hasMessageContaining("engine.gpus-per-unit").hasMessageContaining("local mode (engine.master = local[2]) schedules no GPUs");
    assertThatThrownBy(() -> Sparks.job("""
        job = burn
        engine { run-dir = "%s", master = "local-cluster[2,1,1024]", gpus-per-unit = 1 }
        """.formatted(tmp.toUri())))
        .hasMessageContaining("engine.gpu-discovery-script");
  }
}
