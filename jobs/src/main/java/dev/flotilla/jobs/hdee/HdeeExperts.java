package dev.flotilla.jobs.hdee;

import dev.flotilla.ensembles.hdee.ExpertPhase;
import dev.flotilla.ensembles.hdee.Lineage;
import dev.flotilla.jobs.config.ConfigReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code hdee.experts}: how experts follow one another and their learning-rate schedule.
 *
 * @param mode {@code chained} (HDEE's code: one lineage per difficulty group, each expert branching
 *     from the previous one's final checkpoint) or {@code independent} (every expert from its seed)
 * @param iterations experts per lineage when chained; iteration i trains on domain i of the group,
 *     going round the group again when there are more iterations than domains
 */
public record HdeeExperts(Mode mode, int iterations, ExpertPhase phase) {

  /** How experts follow one another. */
  public enum Mode { CHAINED, INDEPENDENT }

  static HdeeExperts read(ConfigReader c) {
    Mode mode = Mode.valueOf(c.oneOf("hdee.experts.mode", List.of("chained", "independent")).toUpperCase(Locale.ROOT));
    ExpertPhase phase;
    try {
      phase = new ExpertPhase(c.positive("hdee.experts.lr-scale"), c.doubleIn("hdee.experts.lr-floor", 0, 1),
          c.doubleIn("hdee.experts.warmup", 0, 0.99), c.doubleIn("hdee.experts.horizon", 1, 100));
    } catch (IllegalArgumentException e) {
      throw c.error("hdee.experts", e.getMessage());
    }
    return new HdeeExperts(mode, c.intAtLeast("hdee.experts.iterations", 1), phase);
  }

  /**
   * The lineages of declared difficulty groups (easiest first): one per group when chained, one
   * per domain when independent.
   */
  public List<Lineage> lineages(List<List<String>> groups) {
    List<Lineage> out = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      List<String> group = groups.get(g);
      if (mode == Mode.INDEPENDENT) {
        for (String d : group) {
          out.add(new Lineage(g, List.of(d)));
        }
      } else {
        List<String> chain = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
          chain.add(group.get(i % group.size()));
        }
        out.add(new Lineage(g, chain));
      }
    }
    return out;
  }
}
