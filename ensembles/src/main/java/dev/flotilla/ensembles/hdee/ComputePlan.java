package dev.flotilla.ensembles.hdee;

import java.util.List;

/** Seeds and experts of one plan, each with its size, steps and FLOPs; all within the budget. */
public record ComputePlan(PlanKind kind, List<SeedRun> seeds, List<ExpertRun> experts, double budgetFlops) {

  /** A seed model: one size, trained on the mix of all training domains. */
  public record SeedRun(ExpertSize size, long steps, double flops) {}

  /** A domain expert, branched from the seed of its size. */
  public record ExpertRun(String domain, int group, ExpertSize size, long steps, double flops) {}

  public ComputePlan {
    seeds = List.copyOf(seeds);
    experts = List.copyOf(experts);
  }

  public double totalFlops() {
    return seeds.stream().mapToDouble(SeedRun::flops).sum() + experts.stream().mapToDouble(ExpertRun::flops).sum();
  }

  public ExpertRun expert(String domain) {
    return experts.stream().filter(e -> e.domain().equals(domain)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("plan " + kind.configName() + " has no expert for domain " + domain));
  }

  public SeedRun seedOf(ExpertSize size) {
    return seeds.stream().filter(s -> s.size().equals(size)).findFirst().orElseThrow();
  }
}
