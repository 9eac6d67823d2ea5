package dev.flotilla.jobs.hdee;

import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.ensembles.hdee.EnsembleScore;
import dev.flotilla.ensembles.hdee.PlanKind;
import dev.flotilla.ensembles.hdee.WindowScores;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The comparison in HDEE's terms, per combiner: among the three ensembles (homogeneous,
 * hetero-steps, hetero-sizes) a domain counts when either heterogeneous variant is lowest; an
 * exact tie (identical units) is counted apart; "apart" = the best heterogeneous variant's 95%
 * bootstrap interval does not overlap homogeneous's. Beside it, the strict per-variant counts
 * (each variant, heterogeneous and the dense baseline included, below homogeneous).
 */
final class HdeeHeadline {

  private static final List<PlanKind> VARIANTS = List.of(PlanKind.HETERO_STEPS, PlanKind.HETERO_SIZES,
      PlanKind.HETEROGENEOUS, PlanKind.DENSE);

  /** Counts over domains: lower, lower with intervals apart, exact ties, domains compared. */
  record Count(int lower, int apart, int ties, int domains) {}

  private final HdeeConfig config;
  private final List<EnsembleScore> scores;
  private final List<String> domains;

  HdeeHeadline(HdeeConfig config, List<EnsembleScore> scores, List<String> domains) {
    this.config = config;
    this.scores = List.copyOf(scores);
    this.domains = List.copyOf(domains);
  }

  void write(Report report) {
    if (!config.plans().contains(PlanKind.HOMOGENEOUS)) {
      return;
    }
    List<PlanKind> paperVariants = VARIANTS.subList(0, 2).stream().filter(config.plans()::contains).toList();
    List<PlanKind> strict = VARIANTS.stream().filter(config.plans()::contains).toList();
    List<String> cols = new ArrayList<>(List.of("combiner", "domains"));
    if (!paperVariants.isEmpty()) {
      cols.addAll(List.of("hetero_lowest", "hetero_lowest_apart", "ties"));
    }
    strict.forEach(v -> cols.addAll(List.of(v.configName() + "_lower", v.configName() + "_apart",
        v.configName() + "_ties")));
    Table.Builder t = new Table.Builder(cols.toArray(String[]::new));
    String headline = null; // the first combiner's count, as one sentence at the top of the report
    for (String c : config.eval().combiners()) {
      List<Object> row = new ArrayList<>(List.of(c, domains.size()));
      if (!paperVariants.isEmpty()) {
        Count n = count(c, paperVariants);
        row.addAll(List.of(n.lower(), n.apart(), n.ties()));
        report.paragraph(String.format(Locale.ROOT, "%s: heterogeneous lowest of the %d ensembles on %d of %d domains,"
            + " %d of them outside each other's 95%% intervals; ties %d", c, paperVariants.size() + 1, n.lower(),
            n.domains(), n.apart(), n.ties()));
        report.fact("hetero_lowest." + c, n.lower()).fact("hetero_lowest_apart." + c, n.apart())
            .fact("hetero_ties." + c, n.ties());
        if (headline == null) {
          headline = String.format(Locale.ROOT, "Heterogeneous experts give the lowest perplexity of the %d "
              + "ensembles on %d of %d domains (%d with 95%% intervals apart, %d exact ties) at equal expert-phase "
              + "FLOPs, %s combiner.", paperVariants.size() + 1, n.lower(), n.domains(), n.apart(), n.ties(), c);
        }
      }
      List<String> parts = new ArrayList<>();
      for (PlanKind v : strict) {
        Count n = count(c, List.of(v));
        row.addAll(List.of(n.lower(), n.apart(), n.ties()));
        parts.add(String.format(Locale.ROOT, "%s %d (%d apart, %d ties)", v.configName(), n.lower(), n.apart(),
            n.ties()));
        report.fact("lower_than_homogeneous." + v.configName() + "." + c, n.lower());
      }
      if (!parts.isEmpty()) {
        report.paragraph(c + ", strictly below homogeneous, of " + domains.size() + " domains: "
            + String.join(", ", parts));
        if (headline == null) {
          headline = "Strictly below the homogeneous ensemble at equal expert-phase FLOPs (" + c + " combiner), of "
              + domains.size() + " domains: " + String.join(", ", parts) + ".";
        }
      }
      t.row(row.toArray());
    }
    if (headline != null) {
      report.headline(headline);
    }
    report.table("headline", "Per combiner: domains where the heterogeneous ensembles are lowest (paper's count),"
        + " those whose 95% bootstrap intervals are apart from homogeneous's, exact ties, and each variant strictly",
        t.build());
  }

  /** Domains where the best of {@code variants} is below homogeneous, apart, or exactly equal. */
  Count count(String combiner, List<PlanKind> variants) {
    int lower = 0;
    int apart = 0;
    int ties = 0;
    for (String d : domains) {
      Optional<EnsembleScore> h = score(PlanKind.HOMOGENEOUS, combiner, d);
      Optional<EnsembleScore> best = variants.stream().map(v -> score(v, combiner, d)).flatMap(Optional::stream)
          .min((a, b) -> Double.compare(a.bitsPerByte(), b.bitsPerByte()));
      if (h.isEmpty() || best.isEmpty()) {
        continue;
      }
      if (best.get().bitsPerByte() == h.get().bitsPerByte()) {
        ties++;
      } else if (best.get().bitsPerByte() < h.get().bitsPerByte()) {
        lower++;
        WindowScores.Interval a = best.get().interval();
        if (a.apart(h.get().interval())) {
          apart++;
        }
      }
    }
    return new Count(lower, apart, ties, domains.size());
  }

  private Optional<EnsembleScore> score(PlanKind plan, String model, String domain) {
    return scores.stream().filter(s -> s.plan().equals(plan.configName()) && s.model().equals(model)
        && s.domain().equals(domain)).findFirst();
  }
}
