package dev.flotilla.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.driver.manifest.AttemptRecord;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.jobs.testing.CliProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code engine.master = local-cluster[2,1,1024]} from the CLI as a user starts it: no Spark test
 * mode, no SPARK_HOME, no SPARK_SCALA_VERSION, no jars named (what this module's tests are given
 * for their own local-cluster sessions). The units run in two executor JVMs other than the CLI's.
 */
class LocalClusterCliTest {

  @TempDir Path tmp;

  @Test
  void aCliRunOnLocalClusterNeedsNoSparkSetup() throws Exception {
    Path run = tmp.resolve("run");
    Path conf = Files.writeString(tmp.resolve("burn.conf"), """
        job = burn
        engine { master = "local-cluster[2,1,1024]", run-dir = "%s", progress = false }
        burn.seconds = [0.3, 0.3, 0.3, 0.3, 0.3, 0.3]
        """.formatted(run.toUri()));
    Path log = tmp.resolve("cli.log");
    Process cli = CliProcess.run(conf, log, List.of("SPARK_HOME", "SPARK_SCALA_VERSION"));
    assertThat(cli.waitFor(240, TimeUnit.SECONDS)).as("CLI finished; log:%n%s", Files.readString(log)).isTrue();
    assertThat(cli.exitValue()).as("exit code; log:%n%s", Files.readString(log)).isZero();
    RunManifest m = RunManifest.read(RunDir.at(run.toUri().toString(), new Configuration()));
    assertThat(m.units.values()).hasSize(6).allMatch(e -> e.state == UnitState.COMMITTED);
    List<AttemptRecord> attempts = m.units.values().stream().flatMap(e -> e.attempts.stream()).toList();
    assertThat(attempts).allMatch(a -> a.pid() != cli.pid() && !"driver".equals(a.executorId()));
    assertThat(attempts.stream().map(AttemptRecord::pid).distinct().count()).as("executor JVMs").isEqualTo(2);
  }
}
