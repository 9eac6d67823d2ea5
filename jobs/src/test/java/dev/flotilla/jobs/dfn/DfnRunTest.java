package dev.flotilla.jobs.dfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.datafiltering.dfn.DfnCurateUnit;
import dev.flotilla.datafiltering.dfn.DfnKeepUnit;
import dev.flotilla.datafiltering.dfn.DfnThresholdUnit;
import dev.flotilla.datafiltering.dfn.DfnDownstreamUnit;
import dev.flotilla.datafiltering.dfn.DfnPoolUnit;
import dev.flotilla.datafiltering.dfn.DfnScoreUnit;
import dev.flotilla.datafiltering.dfn.DfnTrainUnit;
import dev.flotilla.datafiltering.pool.PoolFiles;
import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.jobs.testing.LocalSparkBase;
import dev.flotilla.jobs.testing.Sparks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dfn job's first stage end to end on local[2]: pool, filtering network, scores, curation. */
class DfnRunTest extends LocalSparkBase {

  @TempDir Path tmp;

  static String conf(Path runDir) {
    return """
        job = dfn
        engine { run-dir = "%s", master = "local[2]", progress = false }
        dfn {
          pool { samples = 6000, shard-size = 2000, hq-images = 5000, format = parquet }
          train { steps = 150, batch-size = 128 }
          keep-fraction = 0.3
          downstream { subsets = [random, dfn], steps = 100, test-limit = 2000 }
          basic-filter.enabled = true
        }
        """.formatted(runDir.toUri());
  }

  @Test
  void curatesTheTopFractionWithHighPrecision() throws Exception {
    JobSpec job = Sparks.job(conf(tmp));
    RunManifest m = Flotilla.run(spark, job);
    assertThat(m.units).hasSize(3 + 1 + 3 + 1 + 3 + 1 + 2);
    assertThat(m.units.values()).allMatch(e -> e.state == UnitState.COMMITTED);
    UnitEntry curate = m.units.values().stream().filter(e -> e.kind.equals(DfnCurateUnit.KIND)).findFirst().orElseThrow();
    // The pool is 40% clean; the filtering network's top 30% must be far cleaner than that.
    long kept = curate.metrics.get("kept").longValue();
    assertThat((double) kept).isCloseTo(0.3 * curate.metrics.get("scored"), org.assertj.core.data.Offset.offset(1.0));
    System.out.printf("precision of the top 30%%: %.4f%n", curate.metrics.get("precision"));
    assertThat(curate.metrics.get("precision")).isGreaterThan(0.8);
    assertThat(curate.metrics.get("clean_fraction_of_pool")).isBetween(0.35, 0.45);
    Path dir = tmp.resolve("units").resolve(curate.id);
    // The curated table is real Parquet: Spark reads it.
    var curated = spark.read().parquet(dir.resolve(DfnCurateUnit.CURATED_FILE).toString());
    assertThat(curated.columns()).containsExactly("uid", "score", "text", "shard");
    assertThat(curated.count()).isEqualTo(kept);
    double minKept = curated.agg(org.apache.spark.sql.functions.min("score")).first().getFloat(0);
    assertThat(minKept).isGreaterThanOrEqualTo(curate.metrics.get("threshold") - 1e-6);
    assertThat(curated.filter("text = ''").count()).isZero();
    // The kept shards (dfn.kept-shard-size = 10,000: one per pool shard here, listed in shards.txt) hold exactly the kept pairs.
    long inTars = 0;
    List<String> tars = Files.readAllLines(dir.resolve(DfnCurateUnit.SHARDS_FILE));
    assertThat(tars).hasSize(3);
    for (String tar : tars) {
      try (var in = Files.newInputStream(dir.resolve(tar));
           var reader = new dev.flotilla.datafiltering.pool.WebDatasetReader(in)) {
        while (reader.hasNext()) {
          reader.next();
          inTars++;
        }
        assertThat(reader.skipped().total()).isZero();
      }
    }
    assertThat(inTars).isEqualTo(kept);
    UnitEntry scoring = m.units.values().stream().filter(e -> e.kind.equals(DfnScoreUnit.KIND)).findFirst().orElseThrow();
    // The basic pre-filter removed the one- and two-word boilerplate captions before scoring.
    double prefiltered = scoring.metrics.getOrDefault("prefiltered_basic_short_caption", 0.0);
    assertThat(prefiltered).isPositive();
    assertThat(spark.read().parquet(tmp.resolve("units").resolve(scoring.id).resolve(DfnScoreUnit.SCORES_FILE).toString())
        .count()).isEqualTo(2000 - (long) prefiltered);
    Process p = new ProcessBuilder("/usr/bin/python3", "-c",
        "import numpy as np, sys; a = np.load(sys.argv[1]); assert a.dtype == np.dtype('u8,u8'); "
            + "assert (np.sort(a) == a).all(); print(len(a))", dir.resolve(DfnCurateUnit.UIDS_FILE).toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out).isEqualTo(Long.toString(kept));
    JsonNode report = new ObjectMapper().readTree(tmp.resolve("report/report.json").toFile());
    assertThat(report.path("facts").path("precision").asDouble()).isEqualTo(curate.metrics.get("precision"));
    // The pool was built as Parquet shards.
    UnitEntry pool = m.units.values().stream().filter(e -> e.kind.equals(DfnPoolUnit.KIND)).findFirst().orElseThrow();
    assertThat(tmp.resolve("units").resolve(pool.id).resolve("shard.parquet")).exists();
    assertThat(tmp.resolve("report/dfn-score-histogram.png")).exists();
    // Downstream, as in DataComp: the curated subset trains a better model than a random one
    // of the same size (same steps, same model).
    double dfn = report.path("facts").path("zero_shot_dfn").asDouble();
    double random = report.path("facts").path("zero_shot_random").asDouble();
    System.out.printf("zero-shot: dfn %.4f, random %.4f%n", dfn, random);
    assertThat(dfn).isGreaterThan(0.3).isGreaterThan(random);
    assertThat(tmp.resolve("report/dfn-downstream-accuracy.png")).exists();
  }

  /** A small existing Parquet pool made as `flotilla pool make` makes it. */
  private Path existingPool() throws Exception {
    Path pool = tmp.resolve("pool");
    PoolFiles.make(new PoolFiles.MakeSpec("/usr/share/datasets/fashion-mnist", 5000, 3000, 1500,
        java.util.List.of(0.4, 0.25, 0.2, 0.15), 11, dev.flotilla.datafiltering.pool.PoolFormat.PARQUET,
        pool.toString(), tmp.resolve("pool.truth.tsv").toString(), 2), new org.apache.hadoop.conf.Configuration(),
        System.err);
    return pool;
  }

  private static String externalConf(Path runDir, String poolKeys) {
    return """
        job = dfn
        engine { run-dir = "%s", master = "local[2]", progress = false }
        dfn {
          pool { hq-images = 5000, %s }
          train { steps = 60, batch-size = 128 }
          downstream.subsets = [oracle]
        }
        """.formatted(runDir.toUri(), poolKeys);
  }

  @Test
  void scoresAnExistingPoolAndSkipsGroundTruthEvaluationWithoutTruth() throws Exception {
    Path pool = existingPool();
    // Without ground truth: no pool units, no oracle subset, a note instead of precision/recall.
    JobSpec job = Sparks.job(externalConf(tmp.resolve("run-a"), "input = \"" + pool + "\""));
    assertThat(job.plan().units()).extracting(u -> u.kind())
        .containsExactly(DfnTrainUnit.KIND, DfnScoreUnit.KIND, DfnScoreUnit.KIND, DfnThresholdUnit.KIND,
            DfnKeepUnit.KIND, DfnKeepUnit.KIND, DfnCurateUnit.KIND);
    RunManifest m = Flotilla.run(spark, job);
    UnitEntry curate = m.units.values().stream().filter(e -> e.kind.equals(DfnCurateUnit.KIND)).findFirst().orElseThrow();
    assertThat(curate.metrics.get("scored")).isEqualTo(3000.0);
    assertThat(curate.metrics).doesNotContainKey("precision");
    JsonNode report = new ObjectMapper().readTree(tmp.resolve("run-a/report/report.json").toFile());
    assertThat(report.path("facts").has("precision")).isFalse();
    assertThat(Files.readString(tmp.resolve("run-a/report/report.md")))
        .contains("No ground truth given (dfn.pool.truth): precision, recall and the oracle subset are skipped");
    // With the pool's ground truth file: precision/recall and the oracle subset are back.
    JobSpec withTruth = Sparks.job(externalConf(tmp.resolve("run-b"), "input = \"" + pool + "\", truth = \""
        + tmp.resolve("pool.truth.tsv") + "\""));
    assertThat(withTruth.plan().units()).extracting(u -> u.kind()).contains(DfnDownstreamUnit.KIND);
    DfnCurateUnit c = (DfnCurateUnit) withTruth.plan().units().stream()
        .filter(u -> u.kind().equals(DfnCurateUnit.KIND)).findFirst().orElseThrow().unit();
    assertThat(c.truth()).hasSize(1);
    RunManifest mb = Flotilla.run(spark, Sparks.job(externalConf(tmp.resolve("run-b"), "input = \"" + pool
        + "\", truth = \"" + tmp.resolve("pool.truth.tsv") + "\"").replace("[oracle]", "[]")));
    UnitEntry curateB = mb.units.values().stream().filter(e -> e.kind.equals(DfnCurateUnit.KIND)).findFirst().orElseThrow();
    // 40% of the pool is clean; the filter trained for only 60 steps still keeps mostly clean pairs.
    assertThat(curateB.metrics.get("clean_fraction_of_pool")).isBetween(0.35, 0.45);
    assertThat(curateB.metrics.get("precision")).isGreaterThan(0.5);
    assertThatThrownBy(() -> Sparks.job(externalConf(tmp.resolve("run-c"), "input = \"" + tmp.resolve("nothing") + "\"")))
        .hasMessageContaining("dfn.pool.input = " + tmp.resolve("nothing"));
    assertThatThrownBy(() -> Sparks.job(externalConf(tmp.resolve("run-c"), "truth = \"" + tmp.resolve("pool.truth.tsv") + "\"")))
        .hasMessageContaining("only for an existing pool");
  }

  @Test
  void duplicateShardsAndEmptyShardsAreCountedExactly() throws Exception {
    Path pool = existingPool(); // 3000 pairs in two Parquet shards of 1500
    Path shard;
    try (var files = Files.list(pool)) {
      shard = files.filter(f -> f.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
    }
    Files.copy(shard, pool.resolve("zz-copy-of-" + shard.getFileName()));
    Files.write(pool.resolve("zzz-empty.tar"), new byte[0]);
    RunManifest m = Flotilla.run(spark, Sparks.job(externalConf(tmp.resolve("run-d"),
        "input = \"" + pool + "\"").replace("[oracle]", "[]")));
    UnitEntry curate = m.units.values().stream().filter(e -> e.kind.equals(DfnCurateUnit.KIND)).findFirst().orElseThrow();
    assertThat(curate.metrics.get("scored")).as("each uid once").isEqualTo(3000.0);
    assertThat(curate.metrics.get("duplicate_uids")).as("the copied shard, every pair").isEqualTo(1500.0);
    long emptyShards = m.units.values().stream().filter(e -> e.kind.equals(DfnScoreUnit.KIND))
        .mapToLong(e -> e.metrics.getOrDefault("skipped_empty_shard", 0.0).longValue()).sum();
    assertThat(emptyShards).isEqualTo(1);
  }
}
