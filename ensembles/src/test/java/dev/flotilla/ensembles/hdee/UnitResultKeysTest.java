package dev.flotilla.ensembles.hdee;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.ensembles.corpus.CorpusResult;
import dev.flotilla.executors.unit.UnitOutput;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The metric and fact keys the HDEE and corpus units report: the names run dirs, manifests and
 * reports written before typed results use, so old runs still read.
 */
class UnitResultKeysTest {

  private static final Map<String, Double> BPB = new LinkedHashMap<>(Map.of("java", 1.25, "debian-reference-en", 2.5));

  @Test
  void seedAndExpertKeys() {
    UnitOutput seed = UnitOutput.of(new SeedResult(120, 3.5e11, 2.1, 40.5, 9000, -1, BPB, "M", "seed"));
    assertThat(seed.metrics()).containsOnlyKeys("steps", "train_flops", "final_loss", "train_seconds",
        "tokens_per_second", "resumed_from_step", "bpb_test.java", "bpb_test.debian-reference-en");
    assertThat(seed.facts()).containsExactlyInAnyOrderEntriesOf(Map.of("size", "M", "role", "seed"));
    // An expert names no plan: one unit may serve several.
    ExpertResult result = new ExpertResult(80, 2e11, 1.9, 30, 8000, 40, BPB, 2, 1, "L", "java", "declared", 2.5, 2.0,
        1.8);
    UnitOutput expert = UnitOutput.of(result);
    assertThat(expert.metrics()).containsOnlyKeys("steps", "train_flops", "final_loss", "train_seconds",
        "tokens_per_second", "resumed_from_step", "bpb_test.java", "bpb_test.debian-reference-en", "group",
        "iteration", "valid_bpb_start", "valid_bpb_mid", "valid_bpb_end").containsEntry("group", 2.0).containsEntry("iteration", 1.0).containsEntry("resumed_from_step", 40.0);
    assertThat(expert.facts()).containsExactlyInAnyOrderEntriesOf(Map.of("size", "L", "domain", "java",
        "difficulty", "declared"));
    // (2.0 - 1.8) bits over the last 40 of 80 steps = 0.5 bits per 100 steps
    assertThat(result.marginalReturn()).isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void ensembleAndCorpusKeys() {
    UnitOutput ensemble = UnitOutput.of(new EnsembleResult(Map.of("top-2", 2.0, "cached-prior", 1.5), "homogeneous"));
    assertThat(ensemble.metrics()).containsOnlyKeys("mean_bpb.top-2", "mean_bpb.cached-prior");
    assertThat(ensemble.facts()).containsExactlyEntriesOf(Map.of("plan", "homogeneous"));
    UnitOutput corpus = UnitOutput.of(new CorpusResult(10, 8, 1, 1, 700, 6, 50, 1, 60, 1, 2, 1, 0, "c"));
    assertThat(corpus.metrics()).containsOnlyKeys("files", "documents", "empty_documents", "duplicate_documents",
        "bytes_train", "documents_train", "bytes_valid", "documents_valid", "bytes_test", "documents_test", "invalid_json_rows", "missing_field_rows", "non_string_rows");
    assertThat(corpus.facts()).containsExactlyEntriesOf(Map.of("domain", "c"));
  }
}
