package dev.flotilla.jobs.hdee;

import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.ensembles.hdee.ExpertResult;
import dev.flotilla.ensembles.hdee.PlanKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Marginal returns: each expert's own-domain valid bits per byte before training, half way and at
 * the end, and the drop per 100 steps over the second half; then its mean per difficulty group
 * over the homogeneous plan's experts (same size and steps everywhere), so the report says whether
 * the "hard" groups are the ones where more steps still help.
 */
final class HdeeReturns {

  private HdeeReturns() {}

  static void write(HdeeConfig config, HdeeResults results, List<HdeePlanner.PlanLayout> layouts, Report report) {
    Table.Builder t = new Table.Builder("domain", "group", "iteration", "size", "steps", "valid_bpb_start",
        "valid_bpb_mid", "valid_bpb_end", "marginal_return", "unit");
    Optional<HdeePlanner.PlanLayout> homogeneous = layouts.stream().filter(l -> l.kind() == PlanKind.HOMOGENEOUS)
        .findFirst();
    Set<String> compared = homogeneous.map(l -> Set.copyOf(l.experts())).orElse(Set.of());
    TreeMap<Integer, List<Double>> byGroup = new TreeMap<>();
    for (HdeeResults.Expert e : results.experts()) {
      ExpertResult r = e.result();
      double m = r.marginalReturn();
      t.row(r.domain(), r.group(), r.iteration(), r.size(), r.steps(), r.validBpbStart(), r.validBpbMid(),
          r.validBpbEnd(), m, e.unit());
      if ((compared.isEmpty() || compared.contains(e.unit())) && Double.isFinite(m)) {
        byGroup.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(m);
      }
    }
    report.table("returns", "Marginal returns: own-domain valid bits per byte before, half way and after each expert;"
        + " marginal_return = drop per 100 steps over the second half", t.build());
    if (byGroup.isEmpty()) {
      return;
    }
    List<String> parts = new ArrayList<>();
    byGroup.forEach((g, v) -> {
      double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      parts.add(String.format(Locale.ROOT, "group %d %.4f", g, mean));
      report.fact("marginal_return.group" + g, mean);
    });
    int largest = byGroup.entrySet().stream().max((a, b) -> Double.compare(mean(a.getValue()), mean(b.getValue())))
        .orElseThrow().getKey();
    int hardest = config.sizes().size() - 1;
    report.paragraph(String.format(Locale.ROOT, "Marginal return (own valid bits/byte per 100 steps, second half of"
        + " each %s expert), easiest group first: %s; largest in group %d, %s", homogeneous.isPresent()
        ? "homogeneous" : "", parts.stream().collect(Collectors.joining(", ")), largest,
        largest == hardest ? "the hardest: extra steps help the hard domains most"
            : "not the hardest (" + hardest + "): extra steps do not help the hard domains most here"));
  }

  private static double mean(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }
}
