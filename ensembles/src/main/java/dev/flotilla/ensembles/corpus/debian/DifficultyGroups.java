package dev.flotilla.ensembles.corpus.debian;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * easy / medium / hard: the training domains by tertiles of their measured difficulty; the
 * evaluation-only domains by the thresholds halfway between neighbouring tertiles.
 *
 * @param groups domain name to group
 */
public record DifficultyGroups(Map<String, String> groups, double easyBelow, double mediumBelow) {

  public static final List<String> NAMES = List.of("easy", "medium", "hard");

  public DifficultyGroups {
    groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
  }

  /** Needs at least three training domains (one per group). */
  public static DifficultyGroups of(List<DomainOutcome> domains) {
    List<DomainOutcome> ranked = domains.stream().filter(d -> d.domain().training())
        .sorted(Comparator.comparingDouble(DomainOutcome::difficultyBpb).thenComparing(DomainOutcome::name)).toList();
    if (ranked.size() < NAMES.size()) {
      throw new IllegalArgumentException(ranked.size() + " training domains: the groups are tertiles of at least 3");
    }
    Map<String, String> group = new LinkedHashMap<>();
    for (int i = 0; i < ranked.size(); i++) {
      group.put(ranked.get(i).name(), NAMES.get(Math.min(2, i * 3 / ranked.size())));
    }
    double[] bounds = new double[2];
    for (int g = 0; g < 2; g++) {
      String lower = NAMES.get(g);
      String upper = NAMES.get(g + 1);
      double last = ranked.stream().filter(d -> group.get(d.name()).equals(lower))
          .mapToDouble(DomainOutcome::difficultyBpb).max().orElseThrow();
      double first = ranked.stream().filter(d -> group.get(d.name()).equals(upper))
          .mapToDouble(DomainOutcome::difficultyBpb).min().orElseThrow();
      bounds[g] = DifficultyResult.round4((last + first) / 2);
    }
    for (DomainOutcome d : domains) {
      if (!d.domain().training()) {
        double v = d.difficultyBpb();
        group.put(d.name(), NAMES.get(v < bounds[0] ? 0 : v < bounds[1] ? 1 : 2));
      }
    }
    Map<String, String> ordered = new LinkedHashMap<>();
    domains.forEach(d -> ordered.put(d.name(), group.get(d.name())));
    return new DifficultyGroups(ordered, bounds[0], bounds[1]);
  }

  public String of(String domain) {
    return groups.get(domain);
  }
}
