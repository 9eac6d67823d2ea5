package dev.flotilla.jobs.hdee;

import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.ensembles.hdee.EnsembleScore;
import dev.flotilla.ensembles.hdee.BudgetPlanner;
import dev.flotilla.ensembles.hdee.Lineage;
import dev.flotilla.ensembles.hdee.PlanKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Per-domain perplexity on the test split: one wide table (plan × combiner, and each domain's own
 * expert), whether heterogeneous beats homogeneous at equal FLOPs, every score in long form, the
 * chart, and each plan and combiner's mean bits per byte as facts.
 */
final class HdeePerplexityTables {

  private final HdeeConfig config;
  private final List<EnsembleScore> scores;
  private final List<String> domains;

  private HdeePerplexityTables(HdeeConfig config, List<EnsembleScore> scores) {
    this.config = config;
    this.scores = List.copyOf(scores);
    this.domains = List.copyOf(config.corpus().bytes().keySet());
  }

  static void write(HdeeConfig config, List<EnsembleScore> scores, Report report) {
    new HdeePerplexityTables(config, scores).write(report);
  }

  private void write(Report report) {
    List<String> cols = new ArrayList<>(List.of("domain", "role"));
    for (PlanKind k : config.plans()) {
      for (String c : config.eval().combiners()) {
        cols.add(k.configName() + "/" + c);
      }
      cols.add(k.configName() + "/own expert");
    }
    Table.Builder wide = new Table.Builder(cols.toArray(String[]::new));
    Map<String, List<Double>> chartSeries = new LinkedHashMap<>();
    for (String d : domains) {
      List<Object> row = new ArrayList<>(List.of(d, role(d)));
      for (PlanKind k : config.plans()) {
        for (String c : config.eval().combiners()) {
          row.add(ppl(k, c, d));
        }
        row.add(role(d).equals("train") ? ppl(k, "expert:" + (k.dense() ? BudgetPlanner.MIX : ownMember(d)), d) : "-");
        chartSeries.computeIfAbsent(k.configName(), x -> new ArrayList<>()).add(ppl(k, config.reportCombiner(), d));
      }
      wide.row(row.toArray());
    }
    report.heading("Per-domain perplexity (per byte) on the test split");
    new HdeeHeadline(config, scores, domains).write(report);
    heterogeneousVsHomogeneous(report);
    report.table("perplexity", "Per-byte perplexity (2^bits-per-byte) by plan and combiner; 'own expert' = the "
        + "ensemble member trained on the domain (the last of its lineage when chained), alone", wide.build());
    Table.Builder all = new Table.Builder("plan", "model", "domain", "role", "bits_per_byte", "bpb_low", "bpb_high",
        "perplexity", "bytes", "windows");
    scores.forEach(s -> all.row(s.plan(), s.model(), s.domain(), s.role(), s.bitsPerByte(), s.interval().low(),
        s.interval().high(), s.perplexity(), s.bytes(), s.windows()));
    report.table("scores", "Every model on every domain (long form), with the 95% bootstrap interval of bits per"
        + " byte over test windows", all.build());
    HdeePerplexityChart.write(config.reportCombiner(), domains,
        Set.copyOf(config.domains().evalOnly()), chartSeries, report);
    for (PlanKind k : config.plans()) {
      for (String c : config.eval().combiners()) {
        report.fact("mean_bpb." + k.configName() + "." + c, scores.stream()
            .filter(s -> s.plan().equals(k.configName()) && s.model().equals(c))
            .mapToDouble(EnsembleScore::bitsPerByte).average().orElse(Double.NaN));
      }
    }
  }

  /** The line and facts comparing the two plans with the report's combiner, when both ran. */
  private void heterogeneousVsHomogeneous(Report report) {
    if (!config.plans().contains(PlanKind.HOMOGENEOUS) || !config.plans().contains(PlanKind.HETEROGENEOUS)) {
      return;
    }
    String combiner = config.reportCombiner();
    int wins = 0;
    int trainWins = 0;
    int trainCompared = 0;
    for (String d : domains) {
      boolean better = ppl(PlanKind.HETEROGENEOUS, combiner, d) < ppl(PlanKind.HOMOGENEOUS, combiner, d);
      wins += better ? 1 : 0;
      if (role(d).equals("train")) {
        trainWins += better ? 1 : 0;
        trainCompared++;
      }
    }
    report.paragraph(String.format(Locale.ROOT,
        "heterogeneous beats homogeneous on %d of %d domains (%d of %d training domains), combiner %s, equal FLOPs",
        wins, domains.size(), trainWins, trainCompared, combiner));
    report.fact("heterogeneous_beats_homogeneous", wins).fact("domains_compared", domains.size())
        .fact("heterogeneous_beats_homogeneous_train", trainWins);
  }

  /** The ensemble member trained on a domain: its own expert, or the last expert of its lineage. */
  private String ownMember(String domain) {
    List<Lineage> lineages = config.lineages();
    return lineages == null ? domain : lineages.stream().filter(l -> l.domains().contains(domain)).findFirst()
        .map(Lineage::last).orElse(domain);
  }

  private String role(String domain) {
    return config.domains().train().contains(domain) ? "train" : "eval-only";
  }

  private double ppl(PlanKind plan, String model, String domain) {
    return scores.stream().filter(s -> s.plan().equals(plan.configName()) && s.model().equals(model)
        && s.domain().equals(domain)).mapToDouble(EnsembleScore::perplexity).findFirst().orElse(Double.NaN);
  }
}
