package dev.flotilla.jobs.dfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.flotilla.datafiltering.dfn.DfnCurateUnit;
import dev.flotilla.datafiltering.dfn.DfnDownstreamUnit;
import dev.flotilla.datafiltering.dfn.DfnKeepUnit;
import dev.flotilla.datafiltering.dfn.DfnPoolUnit;
import dev.flotilla.datafiltering.dfn.DfnScoreUnit;
import dev.flotilla.datafiltering.dfn.DfnThresholdUnit;
import dev.flotilla.datafiltering.dfn.DfnTrainUnit;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.jobs.JobKinds;
import dev.flotilla.jobs.config.JobConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dfn job's config and plan, without Spark: unit ids, dependencies, and named config errors. */
class DfnPlannerTest {

  @TempDir Path tmp;

  private static JobSpec job(String hocon) {
    return JobKinds.fromConfig(JobConfig.withOverrides(ConfigFactory.parseString(hocon), List.of(), "test config"));
  }

  private static String conf(String dfnKeys) {
    return """
        job = dfn
        engine { run-dir = "/tmp/dfn-plan-test", master = "local[2]", progress = false }
        dfn {
          pool { samples = 6000, shard-size = 2000, hq-images = 5000, format = parquet }
          train { steps = 150, batch-size = 128 }
          keep-fraction = 0.3
          downstream { subsets = [random, dfn], steps = 100, test-limit = 2000 }
          %s
        }
        """.formatted(dfnKeys);
  }

  @Test
  void theQuickConfigPlansTheSameUnitIdsAsBefore() {
    // Ids hash each unit's kind and canonical JSON. The pool units keep the ids conf/dfn-quick.conf
    // had before the job was split into config, planner and report (a built pool is reused); the
    // units of the filtering network changed with it when it became a CLIP reading hashed words, and
    // the curation's when it was split into a threshold, a keep unit per shard and the join (issue 11),
    // and the keep units' (with the join and downstream units after them) when they began writing
    // kept shards of dfn.kept-shard-size pairs: their output changed, so must their ids.
    JobSpec quick = JobKinds.fromFile(new File("../conf/dfn-quick.conf"), List.of());
    assertThat(quick.plan().units()).extracting(PlannedUnit::id).containsExactly(
        "pool-00000-bfaaa96abb", "pool-00001-bc203344e5", "pool-00002-97cbd39774", "pool-00003-6c94f1e650",
        "dfn-train-10000hq-a55eafd009", "score-pool-00000-f648b4d5a4", "score-pool-00001-d3b38e54a9",
        "score-pool-00002-679fbec2f3", "score-pool-00003-1c0923dac5", "threshold-top-0.3-a17696f9d4",
        "keep-00000-58fd2f0769", "keep-00001-8fb6be2c2b", "keep-00002-c24e4846b8", "keep-00003-f806172c64",
        "curate-1cf67f42a4", "downstream-all-66335969c8", "downstream-random-45a8825633", "downstream-dfn-ec22833be5",
        "downstream-oracle-fbd9c0ec1b");
  }

  @Test
  void unitsNameTheUnitsTheyRead() {
    List<PlannedUnit> units = job(conf("")).plan().units();
    assertThat(units).extracting(PlannedUnit::kind).containsExactly(DfnPoolUnit.KIND, DfnPoolUnit.KIND,
        DfnPoolUnit.KIND, DfnTrainUnit.KIND, DfnScoreUnit.KIND, DfnScoreUnit.KIND, DfnScoreUnit.KIND,
        DfnThresholdUnit.KIND, DfnKeepUnit.KIND, DfnKeepUnit.KIND, DfnKeepUnit.KIND,
        DfnCurateUnit.KIND, DfnDownstreamUnit.KIND, DfnDownstreamUnit.KIND);
    String train = units.get(3).id();
    for (int i = 0; i < 3; i++) {
      assertThat(units.get(4 + i).after()).containsExactly(units.get(i).id(), train);
    }
    PlannedUnit threshold = units.get(7);
    assertThat(threshold.after()).containsExactly(units.get(4).id(), units.get(5).id(), units.get(6).id());
    assertThat(((DfnThresholdUnit) threshold.unit()).scoreUnitIds())
        .containsExactly(units.get(4).id(), units.get(5).id(), units.get(6).id());
    // Each keep unit reads the threshold, its shard's scores and the shard: nothing of the others.
    for (int i = 0; i < 3; i++) {
      PlannedUnit keep = units.get(8 + i);
      assertThat(keep.after()).containsExactly(threshold.id(), units.get(4 + i).id(), units.get(i).id());
      DfnKeepUnit k = (DfnKeepUnit) keep.unit();
      assertThat(k.index()).isEqualTo(i);
      assertThat(k.shard()).isEqualTo(dev.flotilla.datafiltering.dfn.ShardRef.ofUnit(units.get(i).id(), "shard.parquet"));
    }
    PlannedUnit curate = units.get(11);
    assertThat(curate.after()).containsExactly(units.get(8).id(), units.get(9).id(), units.get(10).id(),
        threshold.id(), units.get(0).id(), units.get(1).id(), units.get(2).id());
    DfnCurateUnit c = (DfnCurateUnit) curate.unit();
    assertThat(c.keepUnitIds()).containsExactly(units.get(8).id(), units.get(9).id(), units.get(10).id());
    assertThat(c.truth()).extracting(s -> s.file()).containsOnly(DfnPoolUnit.TRUTH_FILE);
    assertThat(units.get(12).after()).containsExactly(units.get(0).id(), units.get(1).id(), units.get(2).id(),
        curate.id());
    assertThat(job(conf("")).describe(units.get(3).unit())).containsEntry("what",
        "train the filtering network, 150 steps");
    assertThat(job(conf("")).describe(units.get(8).unit())).containsEntry("what",
        "keep one shard's pairs above the threshold");
  }

  @Test
  void anAbsoluteThresholdReplacesTheFraction() {
    JobSpec job = job(conf("").replace("keep-fraction = 0.3", "threshold = 0.55"));
    DfnThresholdUnit threshold = (DfnThresholdUnit) job.plan().units().stream()
        .filter(u -> u.kind().equals(DfnThresholdUnit.KIND)).findFirst().orElseThrow().unit();
    assertThat(threshold.absoluteThreshold()).isEqualTo(0.55);
    assertThat(threshold.name()).isEqualTo("threshold-0.55");
  }

  @Test
  void badPoolSettingsAreNamed() throws Exception {
    assertThatThrownBy(() -> job(conf("").replace("hq-images = 5000", "hq-images = 60000")))
        .hasMessageContaining("dfn.pool.hq-images = 60000");
    assertThatThrownBy(() -> job(conf("").replace("keep-fraction = 0.3", "keep-fraction = 1.5")))
        .hasMessageContaining("dfn.keep-fraction = 1.5");
    assertThatThrownBy(() -> job(conf("").replace("shard-size = 2000", "shard-size = 2000, styles = [0.5, 0.5]")))
        .hasMessageContaining("dfn.pool.styles = [0.5,0.5]: must be 4 probabilities");
    assertThatThrownBy(() -> job(conf("downstream.subsets = [dfn, best]")))
        .hasMessageContaining("dfn.downstream.subsets").hasMessageContaining("unknown subset 'best'");
    assertThatThrownBy(() -> job(conf("pool.format = zip")))
        .hasMessageContaining("dfn.pool.format = zip");
    // Errors name the file and line the bad value came from.
    Path f = tmp.resolve("dfn.conf");
    Files.writeString(f, conf("").replace("steps = 150", "steps = 12.5"));
    assertThatThrownBy(() -> JobKinds.fromFile(f.toFile(), List.of()))
        .hasMessage(f + ":5: dfn.train.steps = 12.5: must be a whole number, got 12.5");
  }

  @Test
  void theInvalidUtf8PolicyReachesEveryUnitThatReadsCaptions() {
    List<PlannedUnit> units = job(conf("pool.invalid-utf8 = skip")).plan().units();
    assertThat(units).filteredOn(u -> u.kind().equals(DfnScoreUnit.KIND)).hasSize(3)
        .allMatch(u -> ((DfnScoreUnit) u.unit()).invalidUtf8() == dev.flotilla.datafiltering.pool.CaptionDecoding.SKIP);
    assertThat(units).filteredOn(u -> u.kind().equals(DfnKeepUnit.KIND)).hasSize(3)
        .allMatch(u -> ((DfnKeepUnit) u.unit()).invalidUtf8() == dev.flotilla.datafiltering.pool.CaptionDecoding.SKIP);
    assertThat(units).filteredOn(u -> u.kind().equals(DfnDownstreamUnit.KIND)).hasSize(2)
        .allMatch(u -> ((DfnDownstreamUnit) u.unit()).invalidUtf8()
            == dev.flotilla.datafiltering.pool.CaptionDecoding.SKIP);
    // Skipping changes what a unit computes, so its id; replace (the default) changes nothing.
    assertThat(units).extracting(PlannedUnit::id).doesNotContainAnyElementsOf(
        job(conf("")).plan().units().stream().filter(u -> !u.kind().equals(DfnPoolUnit.KIND)
            && !u.kind().equals(DfnTrainUnit.KIND)).map(PlannedUnit::id).toList());
    assertThat(job(conf("pool.invalid-utf8 = replace")).plan().units()).extracting(PlannedUnit::id)
        .isEqualTo(job(conf("")).plan().units().stream().map(PlannedUnit::id).toList());
    assertThatThrownBy(() -> job(conf("pool.invalid-utf8 = drop")))
        .hasMessageContaining("dfn.pool.invalid-utf8 = drop: must be one of [replace, skip]");
  }

  @Test
  void aTorchScriptClipScoresWithoutTrainingAndIsCheckedAtPlanTime() throws Exception {
    Path model = dev.flotilla.jobs.testing.TestClip.make(tmp.resolve("clip.pt"));
    List<PlannedUnit> units = job(conf("model { source = torchscript, torchscript = \"" + model + "\" }\n"
        + "preprocess.size = 64")).plan().units();
    assertThat(units).extracting(PlannedUnit::kind).doesNotContain(DfnTrainUnit.KIND).containsSubsequence(
        DfnPoolUnit.KIND, DfnScoreUnit.KIND, DfnCurateUnit.KIND);
    List<PlannedUnit> scores = units.stream().filter(u -> u.kind().equals(DfnScoreUnit.KIND)).toList();
    assertThat(scores).hasSize(3);
    for (int i = 0; i < 3; i++) {
      DfnScoreUnit s = (DfnScoreUnit) scores.get(i).unit();
      assertThat(s.modelUnitId()).isNull();
      assertThat(s.pretrained().model()).isEqualTo("file:" + model);
      assertThat(s.pretrained().preprocess().size()).isEqualTo(64);
      assertThat(scores.get(i).after()).containsExactly(units.get(i).id());
    }
    JobSpec torchscript = job(conf("model { source = torchscript, torchscript = \"" + model + "\" }"));
    assertThat(torchscript.describe(scores.get(0).unit())).containsEntry("what",
        "score one shard with the TorchScript CLIP file:" + model);
    // Bad models fail while the config is read (exit 2), naming the key and the file.
    assertThatThrownBy(() -> job(conf("model.source = torchscript")))
        .hasMessageContaining("dfn.model.source = torchscript: needs dfn.model.torchscript");
    assertThatThrownBy(() -> job(conf("model { source = torchscript, torchscript = \"" + tmp.resolve("no.pt") + "\" }")))
        .hasMessageContaining("dfn.model.torchscript = " + tmp.resolve("no.pt") + ": no such file");
    Path mismatched = dev.flotilla.jobs.testing.TestClip.make(tmp.resolve("mismatched.pt"), "--text-dim", "8");
    assertThatThrownBy(() -> job(conf("model { source = torchscript, torchscript = \"" + mismatched + "\" }")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dfn.model.torchscript = " + mismatched + ": TorchScript model file:" + mismatched
            + ": encode_image gives 32-d embeddings but encode_text 8-d");
    assertThatThrownBy(() -> job(conf("model { source = torchscript, torchscript = \"" + model + "\", tokenizer = \""
        + tmp.resolve("tokenizer.json") + "\" }")))
        .hasMessageContaining("dfn.model.tokenizer = " + tmp.resolve("tokenizer.json") + ": no such file");
    Files.writeString(tmp.resolve("tokenizer.json"), "{}");
    assertThatThrownBy(() -> job(conf("model { source = torchscript, torchscript = \"" + model + "\", tokenizer = \""
        + tmp.resolve("tokenizer.json") + "\" }")))
        .hasMessageContaining("dfn.model.tokenizer = " + tmp.resolve("tokenizer.json") + ": tokenizer file:"
            + tmp.resolve("tokenizer.json") + " is not a HuggingFace tokenizer.json");
    // Hashed words are the built-in network's; bytes need CLIP's vocabulary in the built-in one.
    assertThatThrownBy(() -> job(conf("model { source = torchscript, torchscript = \"" + model + "\", tokenizer = words }")))
        .hasMessageContaining("dfn.model.tokenizer = words: hashed words are the built-in network's tokenizer");
    assertThat(((DfnJob) job(conf("model { source = torchscript, torchscript = \"" + model + "\", tokenizer = bytes }\n"
        + "downstream.subsets = []"))).dfn().pretrained().tokenizer()).isNull();
    assertThatThrownBy(() -> job(conf("model.tokenizer = bytes")))
        .hasMessageContaining("dfn.model.vocab-size = 8192: too few token embeddings for the byte tokenizer");
    assertThat(((DfnJob) job(conf("model { tokenizer = bytes, vocab-size = 49408 }"))).dfn().model().tokenizer())
        .isEqualTo("bytes");
    assertThatThrownBy(() -> job(conf("model.source = onnx")))
        .hasMessageContaining("dfn.model.source = onnx: must be one of [trained, torchscript]");
  }

  @Test
  void anExistingPoolWithoutTruthDropsTheOracle() throws Exception {
    Path pool = Files.createDirectories(tmp.resolve("pool"));
    Files.write(pool.resolve("a.parquet"), new byte[0]);
    Files.write(pool.resolve("b.tar"), new byte[0]);
    JobSpec job = job(conf("pool.input = \"" + pool + "\", downstream.subsets = [all, oracle]"));
    List<PlannedUnit> units = job.plan().units();
    assertThat(units).extracting(PlannedUnit::kind).containsExactly(DfnTrainUnit.KIND, DfnScoreUnit.KIND,
        DfnScoreUnit.KIND, DfnThresholdUnit.KIND, DfnKeepUnit.KIND, DfnKeepUnit.KIND, DfnCurateUnit.KIND,
        DfnDownstreamUnit.KIND);
    assertThat(units.subList(4, 6)).extracting(u -> ((DfnKeepUnit) u.unit()).shard())
        .extracting(s -> s.unitId()).containsOnlyNulls();
    assertThat(units.subList(4, 6)).extracting(u -> ((DfnKeepUnit) u.unit()).shard().file())
        .containsExactly("file:" + pool.resolve("a.parquet"), "file:" + pool.resolve("b.tar"));
    assertThat(units.get(4).after()).as("an existing pool: no pool unit to wait for")
        .containsExactly(units.get(3).id(), units.get(1).id());
    DfnCurateUnit curate = (DfnCurateUnit) units.get(6).unit();
    assertThat(curate.truth()).isEmpty();
    assertThat(((DfnDownstreamUnit) units.get(7).unit()).subset()).isEqualTo("all");
  }
}
