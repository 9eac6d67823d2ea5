package dev.flotilla.jobs.dfn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import dev.flotilla.datafiltering.dfn.CurationSummary;
import dev.flotilla.datafiltering.dfn.DfnCurateUnit;
import dev.flotilla.datafiltering.dfn.DfnKeepUnit;
import dev.flotilla.datafiltering.dfn.DfnThresholdUnit;
import dev.flotilla.datafiltering.dfn.DownstreamResult;
import dev.flotilla.datafiltering.dfn.PoolResult;
import dev.flotilla.datafiltering.dfn.TrainResult;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.driver.report.Report;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.rundir.AtomicFiles;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.UnitCodec;
import dev.flotilla.executors.unit.LearningCurve;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.UnitRecord;
import dev.flotilla.executors.unit.UnitRecordCodec;
import dev.flotilla.jobs.JobKinds;
import dev.flotilla.jobs.config.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dfn report from unit records written to a run dir by hand (no Spark, no training): the
 * numbers in its tables and facts are those of the records, with today's metric names.
 */
class DfnReportTest {

  @TempDir Path tmp;

  /** A score unit's metrics as the unit writes them (flat keys, one per reason that occurred). */
  private static UnitOutput scores(long scored, Map<String, Double> left) {
    UnitOutput.Builder b = UnitOutput.builder().metric("scored", scored);
    left.forEach(b::metric);
    return b.build();
  }

  private static void commit(RunDir run, PlannedUnit u, UnitOutput out) throws Exception {
    UnitRecord r = new UnitRecord(u.id(), u.kind(), u.unit().name(), Json.CANONICAL.readTree(UnitCodec.toJson(u.unit())),
        0, 0, "driver", "h", 1, 0, 1000, -1, 42, out.metrics(), out.facts(), List.of(), out.curve());
    AtomicFiles.writeNew(run.fs(), run.unitRecord(u.id()), UnitRecordCodec.toJson(r));
  }

  @Test
  void tablesAndFactsComeFromTheRecords() throws Exception {
    JobSpec job = JobKinds.fromConfig(JobConfig.withOverrides(ConfigFactory.parseString("""
        job = dfn
        engine { run-dir = "%s", progress = false }
        dfn {
          pool { samples = 4000, shard-size = 2000 }
          downstream.subsets = [random, dfn]
        }
        """.formatted(tmp.toUri())), List.of(), "test config"));
    Plan plan = job.plan();
    RunDir run = RunDir.at(tmp.toUri().toString(), new Configuration());
    List<PlannedUnit> u = plan.units();
    commit(run, u.get(0), UnitOutput.of(new PoolResult(2000, 801)));
    commit(run, u.get(1), UnitOutput.of(new PoolResult(2000, 799)));
    commit(run, u.get(2), UnitOutput.of(new TrainResult(2.3, 400, 0.07, 60, -1), new LearningCurve(null,
        List.of(new LearningCurve.Point(200, 3.1, null), new LearningCurve.Point(400, 2.3, null)))));
    commit(run, u.get(3), scores(1995, Map.of("skipped_duplicate_uid", 3.0, "skipped_corrupt_image", 2.0)));
    commit(run, u.get(4), scores(1988, Map.of("prefiltered_basic_short_caption", 12.0, "invalid_utf8", 4.0,
        "skipped_duplicate_uid", 1.0)));
    commit(run, u.get(5), UnitOutput.of(new DfnThresholdUnit.Result(0.7096416, 3983, 0)));
    commit(run, u.get(6), UnitOutput.of(new DfnKeepUnit.Result(1995, 601, 0)));
    commit(run, u.get(7), UnitOutput.of(new DfnKeepUnit.Result(1988, 595, 0)));
    PlannedUnit curate = u.get(8);
    Long[] histogram = new Long[50];
    java.util.Arrays.fill(histogram, 0L);
    histogram[40] = 2787L;
    histogram[45] = 1196L;
    CurationSummary summary = new CurationSummary(0.7096416f, 3983, 0, 1196, true, 4000L, 1600L, 0.9668, 0.7226,
        50, List.of(histogram));
    summary.write(run.fs(), new org.apache.hadoop.fs.Path(run.unit(curate.id()), DfnCurateUnit.SUMMARY_FILE));
    commit(run, curate, UnitOutput.of(summary.result()));
    commit(run, u.get(9), UnitOutput.of(new DownstreamResult(0.41, 1196, 38400, 300, 1.9, 80, "random", null)));
    commit(run, u.get(10), UnitOutput.of(new DownstreamResult(0.62, 1196, 38400, 300, 1.7, 80, "dfn", null),
        new LearningCurve(null, List.of(new LearningCurve.Point(150, 2.2, null), new LearningCurve.Point(300, 1.7, null)))));

    Report report = new Report("dfn");
    job.merge(new MergeContext(run, new RunManifest(), plan), report);
    report.write(run);

    String md = Files.readString(tmp.resolve("report/report.md"));
    assertThat(Json.FILES.readTree(tmp.resolve("report/report.json").toFile()).path("headline").asText())
        .isEqualTo("Kept 1,196 of 3,983 scored pairs (global top 30.0%, score >= 0.7096416); 96.7% of them clean "
            + "against 40.0% of the pool (recall 72.3%); zero-shot accuracy trained on the kept pairs 0.620 vs 0.410 "
            + "on a random subset of the same size.");
    assertThat(md).contains("## DFN curation: global top 0.3 of 3983 scored pairs (0 duplicate uids across shards, "
        + "kept once)");
    assertThat(md).contains("| score-pool-00000 | 1995 | corrupt_image=2 duplicate_uid=3 | 0 | 0 | " + u.get(3).id() + " |");
    assertThat(md).contains("| score-pool-00001 | 1988 | duplicate_uid=1 | basic_short_caption=12 | 4 | " + u.get(4).id() + " |");
    assertThat(md).contains("| random | 1196 | 300 | 0.4100 | " + u.get(9).id() + " |");
    // Counts stay integers and the threshold reads as curation.json writes it.
    assertThat(Files.readString(tmp.resolve("report/curation.csv")))
        .isEqualTo("pool,clean_in_pool,keep_fraction,threshold,kept,precision,recall,clean_fraction_of_pool\n"
            + "4000,1600,0.3,0.7096416,1196,0.9668,0.7226,0.4\n");
    JsonNode facts = Json.FILES.readTree(tmp.resolve("report/report.json").toFile()).path("facts");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("zero_shot_random", 0.41);
    expected.put("zero_shot_dfn", 0.62);
    expected.put("precision", 0.9668);
    expected.put("recall", 0.7226);
    expected.put("threshold", 0.7096416);
    expected.put("kept", 1196);
    // Pool-wide sums of the scoring units' counts.
    expected.put("skipped_corrupt_image", 2);
    expected.put("skipped_duplicate_uid", 4);
    expected.put("invalid_utf8", 4);
    assertThat(Json.FILES.convertValue(facts, Map.class)).isEqualTo(expected);
    assertThat(tmp.resolve("report/dfn-score-histogram.png")).exists();
    assertThat(tmp.resolve("report/dfn-downstream-accuracy.png")).exists();
    // Learning curves of the units that train: the filtering network and the dfn subset's model.
    var points = Json.FILES.readTree(tmp.resolve("report/dfn-curves.json").toFile());
    assertThat(points).hasSize(4);
    assertThat(points.get(3).path("unit").asText()).isEqualTo("downstream-dfn");
    assertThat(points.get(3).path("train_loss").asDouble()).isEqualTo(1.7);
    assertThat(tmp.resolve("report/dfn-curves.png")).exists();
    assertThat(tmp.resolve("report/dfn-curve-2.png")).exists();
  }
}
