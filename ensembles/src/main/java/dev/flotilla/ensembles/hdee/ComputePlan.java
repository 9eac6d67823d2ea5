package dev.flotilla.ensembles.hdee;

import java.util.List;

/**
 * Seeds and experts of one plan, each with its size, steps and FLOPs, and the experts' schedule
 * horizon. {@link #comparedFlops()} is what the protocol holds equal across plans.
 */
public record ComputePlan(PlanKind kind, Protocol protocol, List<SeedRun> seeds, List<ExpertRun> experts,
    double budgetFlops, long horizon) {

  /** A seed model: one size, trained on the mix of all training domains. */
  public record SeedRun(ExpertSize size, long steps, double flops) {}

  /**
   * A domain expert: iteration {@code iteration} (0 first) of lineage {@code lineage}; the first
   * iteration branches from the seed of its size, the others from the iteration before.
   */
  public record ExpertRun(String domain, int group, int lineage, int iteration, ExpertSize size, long steps,
      double flops) {}

  public ComputePlan {
    seeds = List.copyOf(seeds);
    experts = List.copyOf(experts);
  }

  public double seedFlops() {
    return seeds.stream().mapToDouble(SeedRun::flops).sum();
  }

  public double expertFlops() {
    return experts.stream().mapToDouble(ExpertRun::flops).sum();
  }

  /** Seeds and experts: what the plan costs from scratch. */
  public double allInFlops() {
    return seedFlops() + expertFlops();
  }

  /** What the plan's protocol compares: the expert phase ({@code paper}) or everything ({@code all-in}). */
  public double comparedFlops() {
    return protocol == Protocol.PAPER ? expertFlops() : allInFlops();
  }

  /** The expert of a domain; for independent experts (one per domain) only. */
  public ExpertRun expert(String domain) {
    List<ExpertRun> of = experts.stream().filter(e -> e.domain().equals(domain)).toList();
    if (of.size() != 1) {
      throw new IllegalArgumentException("plan " + kind.configName() + " has " + of.size() + " experts for domain "
          + domain + ", not one");
    }
    return of.get(0);
  }

  /** The experts of one lineage, first iteration first. */
  public List<ExpertRun> lineage(int lineage) {
    return experts.stream().filter(e -> e.lineage() == lineage).toList();
  }

  public SeedRun seedOf(ExpertSize size) {
    return seeds.stream().filter(s -> s.size().equals(size)).findFirst().orElseThrow();
  }
}
