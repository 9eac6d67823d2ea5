package dev.flotilla.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.manifest.AttemptRecord;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.jobs.testing.Sparks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two executor JVMs (local-cluster[2,1,1024]): units run in other processes, and one of them is
 * killed with SIGKILL in the middle of a unit.
 */
class LocalClusterTest {

  @TempDir static Path work;
  static SparkSession spark;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    spark = Sparks.localCluster(work);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void sweepUnitsRunInBothExecutorJvms() throws Exception {
    JobSpec job = Sparks.job("""
        job = sweep
        engine { run-dir = "%s", master = "local-cluster[2,1,1024]", progress = false }
        sweep {
          backend = dl4j
          data { train-limit = 2000, test-limit = 500 }
          batch-size = 50
          epochs = 2
          mlp { widths = [[16], [24], [32], [48]], learning-rates = [0.003] }
          cnn { widths = [], learning-rates = [] }
        }
        """.formatted(tmp.toUri()));
    RunManifest m = Flotilla.run(spark, job);
    assertThat(m.units.values()).allMatch(e -> e.state == UnitState.COMMITTED);
    long driverPid = ProcessHandle.current().pid();
    List<AttemptRecord> attempts = m.units.values().stream().flatMap(e -> e.attempts.stream()).toList();
    assertThat(attempts).allMatch(a -> a.pid() != driverPid && !"driver".equals(a.executorId()));
    assertThat(attempts.stream().map(AttemptRecord::pid).distinct().count())
        .as("units ran in two executor JVMs").isEqualTo(2);
    for (UnitEntry e : m.units.values()) {
      assertThat(e.metrics.get("accuracy")).as(e.name).isGreaterThan(0.4); // chance: 0.1
    }
  }

  @Test
  void killedExecutorMidUnitIsRetriedAndResumesFromItsCheckpoint() throws Exception {
    // One long DL4J unit that checkpoints every 100 steps, and two short ones.
    JobSpec job = Sparks.job("""
        job = sweep
        engine { run-dir = "%s", master = "local-cluster[2,1,1024]", progress = false, checkpoint-every = 100 }
        sweep {
          backend = dl4j
          data { train-limit = 6000, test-limit = 500 }
          batch-size = 32
          epochs = 8
          mlp { widths = [[256]], learning-rates = [0.001] }
          cnn { widths = [], learning-rates = [] }
        }
        """.formatted(tmp.toUri()));
    String id = job.plan().units().get(0).id();
    Killed k = runKillingTheExecutorOf(job, id, 200);
    long checkpointed = k.checkpointed();
    long pid = k.pid();
    RunManifest m = k.manifest();
    UnitEntry unit = m.unit(id);
    assertThat(unit.state).isEqualTo(UnitState.COMMITTED);
    assertThat(unit.attempts).extracting(AttemptRecord::outcome).contains("TASK_LOST").endsWith("COMMITTED");
    AttemptRecord committed = unit.attempts.get(unit.attempts.size() - 1);
    assertThat(committed.pid()).isNotEqualTo(pid);
    assertThat(committed.taskAttempt()).as("Spark's task retry, same unit attempt").isGreaterThanOrEqualTo(1);
    assertThat(committed.resumedFromStep()).as("resumed from the checkpoint seen before the kill")
        .isGreaterThanOrEqualTo(checkpointed).isLessThan(unit.metrics.get("steps").longValue());
    assertThat(unit.metrics.get("steps_run_in_final_attempt") + committed.resumedFromStep())
        .isEqualTo(unit.metrics.get("steps"));
    // Committed exactly once: one output directory, whose record names the resuming attempt.
    try (Stream<Path> dirs = Files.list(tmp.resolve("units"))) {
      assertThat(dirs.map(p -> p.getFileName().toString())).containsExactly(id);
    }
    JsonNode record = new ObjectMapper().readTree(tmp.resolve("units").resolve(id).resolve("_UNIT.json").toFile());
    assertThat(record.path("resumedFromStep").asLong()).isEqualTo(committed.resumedFromStep());
    assertThat(Files.exists(tmp.resolve("_checkpoints").resolve(id))).as("checkpoints cleared on commit").isFalse();
    assertThat(unit.metrics.get("accuracy")).isGreaterThan(0.6);
  }

  @Test
  void killedSortedTrainingResumesAndItsEvaluationsRunAfterIt() throws Exception {
    JobSpec job = Sparks.job("""
        job = sortednet
        engine { run-dir = "%s", master = "local-cluster[2,1,1024]", progress = false, checkpoint-every = 50 }
        sortednet {
          model { kind = mlp, width = 256, depth = 4, learning-rate = 0.001 }
          grid { widths = [0.25, 0.5, 1.0], depths = [2, 4] }
          data { train-limit = 6000, test-limit = 500 }
          epochs = 6
          trainings = [{policy = sandwich, per-step = 4, seed = 1}]
          eval { subnetworks-per-unit = 3, latency-repeats = 10 }
          baseline = []
        }
        """.formatted(tmp.toUri()));
    String id = job.plan().units().get(0).id();
    Killed k = runKillingTheExecutorOf(job, id, 100);
    long checkpointed = k.checkpointed();
    RunManifest m = k.manifest();
    UnitEntry train = m.unit(id);
    assertThat(train.attempts).extracting(AttemptRecord::outcome).contains("TASK_LOST").endsWith("COMMITTED");
    AttemptRecord committed = train.attempts.get(train.attempts.size() - 1);
    assertThat(committed.resumedFromStep()).isGreaterThanOrEqualTo(checkpointed);
    assertThat(m.units.values()).allMatch(e -> e.state == UnitState.COMMITTED);
    for (UnitEntry e : m.units.values()) {
      if (!e.id.equals(id)) {
        assertThat(e.attempts.get(0).startMillis()).as("evaluation after the committed training")
            .isGreaterThanOrEqualTo(committed.endMillis());
      }
    }
  }

  @Test
  void killedScoringUnitIsRetriedAndItsShardCommittedOnce() throws Exception {
    JobSpec job = Sparks.job("""
        job = dfn
        engine { run-dir = "%s", master = "local-cluster[2,1,1024]", progress = false }
        dfn {
          pool { samples = 24000, shard-size = 12000, hq-images = 5000 }
          train { steps = 20, batch-size = 64 }
          score.batch-size = 64
          downstream.subsets = []
        }
        """.formatted(tmp.toUri()));
    String id = job.plan().units().stream().filter(u -> u.kind().equals(dev.flotilla.datafiltering.dfn.DfnScoreUnit.KIND))
        .findFirst().orElseThrow().id();
    CompletableFuture<RunManifest> run = CompletableFuture.supplyAsync(() -> {
      try {
        return Flotilla.run(spark, job);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    // Kill the executor as soon as this shard's scoring has started.
    Path attempts = tmp.resolve("_attempts").resolve(id);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    JsonNode attempt = null;
    while (attempt == null && System.nanoTime() < deadline) {
      if (Files.isDirectory(attempts)) {
        try (Stream<Path> s = Files.list(attempts)) {
          Optional<Path> a = s.filter(p -> Files.exists(p.resolve("_ATTEMPT.json"))).findFirst();
          if (a.isPresent()) {
            // The record may be seen while still being written: take it once it names a pid.
            JsonNode read = new ObjectMapper().readTree(a.get().resolve("_ATTEMPT.json").toFile());
            attempt = read != null && read.path("pid").asLong() > 0 ? read : null;
          }
        }
      }
      Thread.sleep(20);
    }
    assertThat(attempt).as("scoring attempt started").isNotNull();
    ProcessHandle executor = ProcessHandle.of(attempt.path("pid").asLong()).orElseThrow();
    assertThat(executor.destroyForcibly()).isTrue();
    RunManifest m = run.get(240, TimeUnit.SECONDS);
    UnitEntry unit = m.unit(id);
    assertThat(unit.state).isEqualTo(UnitState.COMMITTED);
    assertThat(unit.attempts).extracting(AttemptRecord::outcome).contains("TASK_LOST").endsWith("COMMITTED");
    assertThat(unit.metrics.get("scored")).isEqualTo(12000.0);
    assertThat(m.units.values()).allMatch(e -> e.state == UnitState.COMMITTED);
    UnitEntry curate = m.units.values().stream()
        .filter(e -> e.kind.equals(dev.flotilla.datafiltering.dfn.DfnCurateUnit.KIND)).findFirst().orElseThrow();
    assertThat(curate.metrics.get("scored")).as("every pair scored exactly once").isEqualTo(24000.0);
    assertThat(curate.metrics.get("duplicate_uids")).isZero();
  }

  /**
   * HDEE end to end on two executor JVMs with a tiny real corpus (3 training domains, 1
   * evaluation-only): the largest expert's executor is killed after a checkpoint; the retry
   * resumes from it; the ensembles load from Java and score and sample text.
   */
  @Test
  void hdeeRunsEndToEndAndAKilledExpertResumesFromItsCheckpoint() throws Exception {
    Path corpus = dev.flotilla.jobs.testing.TinyCorpus.write(work.resolve("hdee-corpus"), 60);
    JobSpec job = Sparks.job("""
        job = hdee
        engine { run-dir = "%s", master = "local-cluster[2,1,1024]", progress = false, checkpoint-every = 40 }
        hdee {
          corpus.dir = "%s"
          domains { groups = [[python], [headers], [copyright]], eval-only = [email] }
          model { layers = 1, d-model = 32, heads = 2, context = 64 }
          budget { total-flops = 1.5e11, min-steps = 10 }
          seeds.steps = 150
          experts.iterations = 2
          plans = [homogeneous, heterogeneous]
          eval.windows = 8
        }
        """.formatted(tmp.toUri(), corpus));
    // the last expert of heterogeneous's hard (L) lineage
    List<List<String>> lineages = dev.flotilla.jobs.hdee.HdeePlanner.layouts(
        ((dev.flotilla.jobs.hdee.HdeeJob) job).hdee()).get(1).lineages();
    String id = lineages.get(2).get(1);
    Killed k = runKillingTheExecutorOf(job, id, 80);
    RunManifest m = k.manifest();
    assertThat(m.units.values()).allMatch(e -> e.state == UnitState.COMMITTED);
    UnitEntry expert = m.unit(id);
    assertThat(expert.attempts).extracting(AttemptRecord::outcome).contains("TASK_LOST").endsWith("COMMITTED");
    AttemptRecord committed = expert.attempts.get(expert.attempts.size() - 1);
    assertThat(committed.resumedFromStep()).isGreaterThanOrEqualTo(k.checkpointed())
        .isLessThan(expert.metrics.get("steps").longValue());
    assertThat(m.units.values().stream().flatMap(e -> e.attempts.stream()).map(AttemptRecord::pid).distinct().count())
        .as("units ran in both executors and the replacement").isGreaterThanOrEqualTo(2);

    // Every expert beats a uniform byte model (8 bits) on its own domain by far.
    for (UnitEntry e : m.units.values()) {
      if (e.kind.equals(dev.flotilla.ensembles.hdee.HdeeExpertUnit.KIND)) {
        String domain = e.name.split("-")[1]; // expert-<domain>-<size>-<steps>-i<iteration>
        assertThat(e.metrics.get("bpb_test." + domain)).as(e.name).isLessThan(6.0);
      }
    }
    String report = Files.readString(tmp.resolve("report/report.md"));
    assertThat(report).contains("heterogeneous beats homogeneous on").contains("| email | eval-only |");
    assertThat(tmp.resolve("report/hdee-perplexity.png")).isNotEmptyFile();
    assertThat(tmp.resolve("report/perplexity.csv")).isNotEmptyFile();

    var fs = org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
    var runDir = new org.apache.hadoop.fs.Path(tmp.toUri());
    String python = Files.readString(Path.of("/usr/lib/python3.11/abc.py"));
    try (var ensemble = dev.flotilla.ensembles.hdee.LiveEnsemble.open(fs, runDir, "heterogeneous",
            dev.flotilla.ensembles.hdee.Combiner.POSTERIOR, null, dev.flotilla.executors.unit.ComputeBudget.ofCpus(1));
        var cached = dev.flotilla.ensembles.hdee.LiveEnsemble.open(fs, runDir, "heterogeneous",
            dev.flotilla.ensembles.hdee.Combiner.CACHED_PRIOR, "python", dev.flotilla.executors.unit.ComputeBudget.ofCpus(1))) {
      assertThat(ensemble.artifact().members()).extracting(mm -> mm.size()).containsExactlyInAnyOrder("S", "M", "L");
      double bpb = ensemble.bitsPerByte(python.substring(0, 2000));
      assertThat(bpb).isBetween(0.5, 6.0);
      assertThat(cached.bitsPerByte(python.substring(0, 2000))).isBetween(0.5, 6.0);
      assertThat(ensemble.bitsPerByte("zq\u0001\u0002xj#@!~`|qz^%")).as("noise scores worse than code")
          .isGreaterThan(bpb);
      String text = ensemble.sample("import ", 60, 0.8, 7);
      assertThat(text).isNotEmpty();
      assertThat(ensemble.sample("import ", 60, 0.8, 7)).as("same seed, same text").isEqualTo(text);
    }
  }

  record Killed(RunManifest manifest, long checkpointed, long pid) {}

  /**
   * Runs {@code job} and, once unit {@code id} has checkpointed step {@code atLeast}, kills its
   * executor JVM with SIGKILL (pid from the attempt record); returns the finished run's manifest.
   */
  private Killed runKillingTheExecutorOf(JobSpec job, String id, long atLeast) throws Exception {
    CompletableFuture<RunManifest> run = CompletableFuture.supplyAsync(() -> {
      try {
        return Flotilla.run(spark, job);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    long checkpointed = awaitCheckpoint(tmp.resolve("_checkpoints").resolve(id), atLeast, Duration.ofSeconds(120));
    long pid = readAttempt(tmp.resolve("_attempts").resolve(id)).path("pid").asLong();
    assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
    ProcessHandle executor = ProcessHandle.of(pid).orElseThrow();
    assertThat(executor.destroyForcibly()).as("SIGKILL of executor pid " + pid).isTrue();
    executor.onExit().get(30, TimeUnit.SECONDS);
    return new Killed(run.get(240, TimeUnit.SECONDS), checkpointed, pid);
  }

  private static long awaitCheckpoint(Path dir, long atLeast, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.list(dir)) {
          Optional<Long> step = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("step-"))
              .map(n -> Long.parseLong(n.substring(5))).max(Long::compare);
          if (step.isPresent() && step.get() >= atLeast) {
            return step.get();
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no checkpoint >= step " + atLeast + " in " + dir + " within " + timeout);
  }

  private static JsonNode readAttempt(Path attempts) throws Exception {
    try (Stream<Path> s = Files.list(attempts)) {
      Path only = s.filter(Files::isDirectory).findFirst().orElseThrow();
      return new ObjectMapper().readTree(only.resolve("_ATTEMPT.json").toFile());
    }
  }
}
