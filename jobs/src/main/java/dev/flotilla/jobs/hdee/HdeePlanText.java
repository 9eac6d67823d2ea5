package dev.flotilla.jobs.hdee;

import dev.flotilla.ensembles.hdee.ComputePlan;
import dev.flotilla.ensembles.hdee.HdeeDenseUnit;
import dev.flotilla.ensembles.hdee.HdeeExpertUnit;
import dev.flotilla.ensembles.hdee.HdeeMeasuredExpertUnit;
import dev.flotilla.ensembles.hdee.HdeeSeedUnit;
import dev.flotilla.ensembles.hdee.Protocol;
import dev.flotilla.executors.unit.WorkUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code flotilla plan} prints for hdee: per seed and expert its size, steps, tokens, FLOPs
 * (and the plans that share it); below the units, every plan's compute under both protocols and
 * its lineages.
 */
final class HdeePlanText {

  private HdeePlanText() {}

  static Map<String, Object> describe(HdeeConfig config, List<HdeePlanner.PlanLayout> layouts, String id,
      WorkUnit unit) {
    Map<String, Object> d = new LinkedHashMap<>();
    if (unit instanceof HdeeDenseUnit s) {
      d.put("plans", plansOf(layouts, id));
      d.put("domain", "mix of the training domains");
      d.put("size", s.size() + " (" + s.spec().describe() + ")");
      d.put("params", s.spec().parameters());
      d.put("steps", s.steps());
      d.put("tokens", s.steps() * s.batch() * (long) s.spec().context());
      d.put("flops", flops(s.flops()));
    } else if (unit instanceof HdeeSeedUnit s) {
      d.put("plans", plansOf(layouts, id));
      d.put("size", s.size() + " (" + s.spec().describe() + ")");
      d.put("params", s.spec().parameters());
      d.put("steps", s.steps());
      d.put("tokens", s.steps() * s.batch() * (long) s.spec().context());
      d.put("flops", flops(s.flops()));
    } else if (unit instanceof HdeeExpertUnit e) {
      d.put("plans", plansOf(layouts, id));
      d.put("domain", e.domain());
      d.put("group", e.group());
      d.put("iteration", e.iteration());
      d.put("size", e.size() + " (" + e.spec().describe() + ")");
      d.put("params", e.spec().parameters());
      d.put("steps", e.steps());
      d.put("tokens", e.steps() * e.batch() * (long) e.spec().context());
      d.put("flops", flops(e.flops()));
      d.put("lr", String.format(Locale.ROOT, "%.3g→%.3g over %d", e.schedule().peak(),
          e.schedule().peak() * e.schedule().floorFraction(), e.schedule().totalSteps()));
    } else if (unit instanceof HdeeMeasuredExpertUnit e) {
      d.put("plans", e.plan().configName());
      d.put("domain", e.domain());
      d.put("size", "measured after the seed");
    }
    return d;
  }

  private static String plansOf(List<HdeePlanner.PlanLayout> layouts, String id) {
    return layouts.stream().filter(l -> l.seeds().contains(id) || l.experts().contains(id))
        .map(l -> l.kind().configName()).collect(Collectors.joining(" "));
  }

  /** Every plan's FLOPs: expert phase, seeds, all-in, and what its protocol compares; then its lineages. */
  static String notes(HdeeConfig config, List<HdeePlanner.PlanLayout> layouts) {
    StringBuilder sb = new StringBuilder();
    Protocol protocol = config.budget().protocol();
    sb.append(String.format(Locale.ROOT, "%ncompute per plan (protocol %s compares %s; budget %s FLOPs):%n",
        protocol.configName(), protocol == Protocol.PAPER ? "the expert phase, seeds shared and outside" : "seeds and experts",
        flops(config.budget().totalFlops())));
    for (HdeePlanner.PlanLayout l : layouts) {
      ComputePlan c = l.compute();
      if (c == null) {
        sb.append("  ").append(l.kind().configName()).append(": sizes and steps follow the measured difficulty\n");
        continue;
      }
      sb.append(String.format(Locale.ROOT, "  %-14s experts %s + seeds %s = all-in %s; compared %s (%+.2f%% of budget)%n",
          l.kind().configName(), flops(c.expertFlops()), flops(c.seedFlops()), flops(c.allInFlops()),
          flops(c.comparedFlops()), 100 * (c.comparedFlops() / config.budget().totalFlops() - 1)));
    }
    sb.append("lineages (domain size×steps, each branching from the one before; the last is the ensemble's member):\n");
    for (HdeePlanner.PlanLayout l : layouts) {
      ComputePlan c = l.compute();
      if (c == null) {
        continue;
      }
      for (int i = 0; i < l.lineages().size(); i++) {
        String chain = c.lineage(i).stream().map(e -> e.domain() + " " + e.size().name() + "×" + e.steps())
            .collect(Collectors.joining(" → "));
        sb.append(String.format(Locale.ROOT, "  %-14s group %d: seed %s → %s%n", l.kind().configName(),
            c.lineage(i).get(0).group(), c.lineage(i).get(0).size().name(), chain));
      }
    }
    sb.append(String.format(Locale.ROOT, "experts' schedule horizon %d steps%n", layouts.stream()
        .filter(l -> l.compute() != null && !l.kind().dense()).mapToLong(l -> l.compute().horizon()).max().orElse(0)));
    return sb.toString();
  }

  private static String flops(double f) {
    return String.format(Locale.ROOT, "%.3g", f);
  }
}
