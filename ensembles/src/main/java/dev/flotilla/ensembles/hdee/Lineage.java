package dev.flotilla.ensembles.hdee;

import java.util.List;

/**
 * A chain of experts of one difficulty group (HDEE's iterations): the first branches from the
 * seed of its size, each next one from the previous expert's final checkpoint, each trained on
 * its own domain. Independent experts are lineages of one.
 *
 * @param domains the domain of every iteration, in order (a domain may come back)
 */
public record Lineage(int group, List<String> domains) {

  public Lineage {
    domains = List.copyOf(domains);
    if (domains.isEmpty()) {
      throw new IllegalArgumentException("a lineage of group " + group + " needs at least one domain");
    }
  }

  /** The domain of the lineage's last expert: the one an ensemble keeps. */
  public String last() {
    return domains.get(domains.size() - 1);
  }
}
