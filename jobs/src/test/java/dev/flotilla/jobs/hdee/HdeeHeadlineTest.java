package dev.flotilla.jobs.hdee;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.ensembles.hdee.EnsembleScore;
import dev.flotilla.ensembles.hdee.PlanKind;
import dev.flotilla.jobs.testing.TinyCorpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paper's count (either heterogeneous variant lowest of the three), exact ties and intervals apart. */
class HdeeHeadlineTest {

  @TempDir Path tmp;

  private static EnsembleScore s(String plan, String domain, double bpb, double halfWidth) {
    return new EnsembleScore(plan, domain, "train", "posterior", bpb, Math.pow(2, bpb), 1000, 256, bpb - halfWidth,
        bpb + halfWidth);
  }

  @Test
  void eitherVariantLowestCountsTiesApart() throws Exception {
    HdeeConfig config = HdeePlannerTest.job(tmp, TinyCorpus.write(tmp.resolve("corpus"), 10),
        "plans = [homogeneous, hetero-steps, hetero-sizes]").hdee();
    List<EnsembleScore> scores = new ArrayList<>();
    // a: hetero-sizes lowest, far apart; b: hetero-steps lowest, overlapping; c: exact tie (shared units);
    // d: homogeneous lowest
    scores.addAll(List.of(s("homogeneous", "a", 2.0, 0.01), s("hetero-steps", "a", 2.1, 0.01),
        s("hetero-sizes", "a", 1.9, 0.01)));
    scores.addAll(List.of(s("homogeneous", "b", 2.0, 0.05), s("hetero-steps", "b", 1.95, 0.05),
        s("hetero-sizes", "b", 2.2, 0.05)));
    scores.addAll(List.of(s("homogeneous", "c", 2.0, 0.05), s("hetero-steps", "c", 2.0, 0.05),
        s("hetero-sizes", "c", 2.0, 0.05)));
    scores.addAll(List.of(s("homogeneous", "d", 1.0, 0.05), s("hetero-steps", "d", 1.5, 0.05),
        s("hetero-sizes", "d", 1.2, 0.05)));
    HdeeHeadline h = new HdeeHeadline(config, scores, List.of("a", "b", "c", "d"));
    assertThat(h.count("posterior", List.of(PlanKind.HETERO_STEPS, PlanKind.HETERO_SIZES)))
        .isEqualTo(new HdeeHeadline.Count(2, 1, 1, 4));
    assertThat(h.count("posterior", List.of(PlanKind.HETERO_STEPS))).isEqualTo(new HdeeHeadline.Count(1, 0, 1, 4));
    assertThat(h.count("posterior", List.of(PlanKind.HETERO_SIZES))).isEqualTo(new HdeeHeadline.Count(1, 1, 1, 4));
  }
}
