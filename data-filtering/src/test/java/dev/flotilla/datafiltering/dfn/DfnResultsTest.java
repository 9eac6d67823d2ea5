package dev.flotilla.datafiltering.dfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.datafiltering.pool.BasicFilter;
import dev.flotilla.datafiltering.pool.CaptionDecoding;
import dev.flotilla.datafiltering.pool.SkipCounts;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.UnitRecord;
import dev.flotilla.executors.backend.djl.DeviceChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dfn units' typed results keep the metric and fact names that run dirs, the manifest and
 * reports already use, and read back as the same records.
 */
class DfnResultsTest {

  @TempDir Path tmp;

  private static UnitRecord recordOf(UnitOutput out) {
    return new UnitRecord("u-1", "dfn-test", "u", Json.CANONICAL.createObjectNode(), 0, 0, "e", "h", 1, 0, 1, -1, 7,
        out.metrics(), out.facts(), List.of());
  }

  @Test
  void scoreResultsNameEachReasonAsBefore() {
    SkipCounts skipped = new SkipCounts();
    ScoreResult.SKIP_REASONS.forEach(skipped::add);
    skipped.add(SkipCounts.DUPLICATE_UID);
    SkipCounts prefiltered = new SkipCounts();
    ScoreResult.FILTER_REASONS.forEach(prefiltered::add);
    UnitOutput out = UnitOutput.of(ScoreResult.of(100, skipped, prefiltered));
    List<String> keys = new ArrayList<>(List.of("scored"));
    skipped.asMap().keySet().forEach(r -> keys.add("skipped_" + r));
    prefiltered.asMap().keySet().forEach(r -> keys.add("prefiltered_" + r));
    // Every reason, in the order the unit wrote them before (scored, then each kind by name).
    assertThat(out.metrics().keySet()).containsExactlyElementsOf(keys);
    assertThat(out.metrics()).containsEntry("skipped_duplicate_uid", 2.0).containsEntry("scored", 100.0);
    ScoreResult back = recordOf(out).result(ScoreResult.class);
    assertThat(back.skipped()).isEqualTo(skipped.asMap());
    assertThat(back.prefiltered()).isEqualTo(prefiltered.asMap());
  }

  @Test
  void onlyReasonsThatOccurredAreMetricsAndNewReasonsAreRefused() {
    SkipCounts skipped = new SkipCounts();
    skipped.add(SkipCounts.CORRUPT_IMAGE);
    SkipCounts prefiltered = new SkipCounts();
    prefiltered.add(BasicFilter.SHORT_CAPTION);
    UnitOutput out = UnitOutput.of(ScoreResult.of(7, skipped, prefiltered));
    assertThat(out.metrics()).containsOnlyKeys("scored", "skipped_corrupt_image", "prefiltered_basic_short_caption");
    assertThat(UnitOutput.of(ScoreResult.of(7, new SkipCounts(), new SkipCounts())).metrics()).containsOnlyKeys("scored");
    SkipCounts unknown = new SkipCounts();
    unknown.add("blurry_image");
    assertThatThrownBy(() -> ScoreResult.of(7, unknown, new SkipCounts())).hasMessageContaining("'blurry_image'");
  }

  @Test
  void invalidUtf8CaptionsAreTheirOwnMetric() {
    SkipCounts skipped = new SkipCounts();
    skipped.add(SkipCounts.INVALID_UTF8);
    skipped.add(SkipCounts.INVALID_UTF8);
    skipped.add(SkipCounts.CORRUPT_IMAGE);
    ScoreResult r = ScoreResult.of(5, skipped, new SkipCounts());
    UnitOutput out = UnitOutput.of(r);
    // Not a skip reason: under the replace policy those pairs were scored.
    assertThat(out.metrics()).containsOnlyKeys("scored", "skipped_corrupt_image", "invalid_utf8")
        .containsEntry("invalid_utf8", 2.0);
    assertThat(r.skipped()).containsOnlyKeys(SkipCounts.CORRUPT_IMAGE);
    assertThat(recordOf(out).result(ScoreResult.class).invalidUtf8Captions()).isEqualTo(2);
  }

  @Test
  void aCaptionPolicyAtItsDefaultLeavesTheUnitJsonAsBefore() {
    var spec = dev.flotilla.datafiltering.model.TinyClip.SPEC;
    ShardRef shard = ShardRef.external("file:/pool/a.tar");
    DfnScoreUnit replace = DfnScoreUnit.trained(shard, "m", spec, 256, null, CaptionDecoding.REPLACE, DeviceChoice.AUTO);
    String json = dev.flotilla.executors.unit.UnitCodec.toJson(replace);
    assertThat(json).doesNotContain("invalidUtf8").doesNotContain("device");
    // JSON written before the field reads back as replace, and ids stay those of older plans.
    assertThat(dev.flotilla.executors.unit.UnitCodec.fromJson(DfnScoreUnit.KIND, json)).isEqualTo(replace);
    DfnScoreUnit skip = DfnScoreUnit.trained(shard, "m", spec, 256, null, CaptionDecoding.SKIP, DeviceChoice.AUTO);
    assertThat(dev.flotilla.executors.unit.UnitCodec.toJson(skip)).contains("\"invalidUtf8\":\"skip\"");
    assertThat(dev.flotilla.executors.unit.UnitCodec.fromJson(DfnScoreUnit.KIND,
        dev.flotilla.executors.unit.UnitCodec.toJson(skip))).isEqualTo(skip);
    assertThat(dev.flotilla.executors.unit.UnitCodec.idOf(skip))
        .isNotEqualTo(dev.flotilla.executors.unit.UnitCodec.idOf(replace));
  }

  @Test
  void trainAndDownstreamResultsKeepTheirKeys() {
    UnitOutput train = UnitOutput.of(new TrainResult(Double.NaN, 300, 0.0657f, 59.4, -1));
    assertThat(train.metrics().keySet())
        .containsExactly("final_loss", "steps", "temperature", "train_seconds", "resumed_from_step");
    assertThat(train.metrics()).containsEntry("temperature", (double) 0.0657f);
    assertThat(recordOf(train).result(TrainResult.class).finalLoss()).isNaN();
    UnitOutput down = UnitOutput.of(new DownstreamResult(0.62, -1, 38400, 300, 1.7, 80.5, "all", null));
    assertThat(down.metrics().keySet())
        .containsExactly("zero_shot_accuracy", "subset_size", "pairs_seen", "steps", "final_loss", "train_seconds");
    assertThat(down.facts()).containsExactly(java.util.Map.entry("subset", "all"));
    assertThat(recordOf(down).result(DownstreamResult.class))
        .isEqualTo(new DownstreamResult(0.62, -1, 38400, 300, 1.7, 80.5, "all", null));
    assertThat(UnitOutput.of(new PoolResult(5000, 2012)).metrics()).containsExactly(
        java.util.Map.entry("samples", 5000.0), java.util.Map.entry("clean", 2012.0));
  }

  @Test
  void curationSummaryFileKeepsItsFormat() throws Exception {
    List<Long> histogram = new ArrayList<>(Collections.nCopies(50, 0L));
    histogram.set(44, 1959L);
    CurationSummary s = new CurationSummary(0.7096416f, 20000, 0, 6000, true, 20000L, 8024L, 0.9668333333333333,
        0.7229561316051845, 50, histogram);
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(tmp.resolve("curation.json").toUri());
    s.write(fs, file);
    // Byte for byte what the curate unit wrote before (a map through Jackson's pretty printer).
    String zeros = String.join(", ", Collections.nCopies(44, "0"));
    assertThat(Files.readString(tmp.resolve("curation.json"))).isEqualTo("""
        {
          "threshold" : 0.7096416,
          "scored" : 20000,
          "duplicate_uids" : 0,
          "kept" : 6000,
          "ground_truth" : true,
          "pool" : 20000,
          "clean_in_pool" : 8024,
          "precision" : 0.9668333333333333,
          "recall" : 0.7229561316051845,
          "histogram_bins" : 50,
          "histogram" : [ %s, 1959, 0, 0, 0, 0, 0 ]
        }""".formatted(zeros));
    assertThat(CurationSummary.read(fs, file)).isEqualTo(s);
    assertThat(UnitOutput.of(s.result()).metrics()).containsExactly(java.util.Map.entry("threshold", 0.7096415758132935),
        java.util.Map.entry("kept", 6000.0), java.util.Map.entry("scored", 20000.0),
        java.util.Map.entry("duplicate_uids", 0.0), java.util.Map.entry("precision", 0.9668333333333333),
        java.util.Map.entry("recall", 0.7229561316051845), java.util.Map.entry("clean_fraction_of_pool", 0.4012));
    // Without ground truth: neither the file nor the metrics carry precision, recall or pool sizes.
    CurationSummary none = new CurationSummary(0.5f, 10, 1, 3, false, null, null, null, null, 50, histogram);
    String json = Json.FILES.writeValueAsString(none);
    assertThat(json).doesNotContain("pool").doesNotContain("precision").doesNotContain("recall");
    assertThat(UnitOutput.of(none.result()).metrics()).containsOnlyKeys("threshold", "kept", "scored", "duplicate_uids");
  }
}
