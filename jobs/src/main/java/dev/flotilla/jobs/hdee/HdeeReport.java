package dev.flotilla.jobs.hdee;

import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.report.CurveCharts;
import dev.flotilla.driver.report.Report;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The hdee job's report, from the committed records only: the compute tables, per-domain
 * perplexity tables and chart, learning curves; each plan's ensemble is also published under a stable name.
 */
public final class HdeeReport {

  private HdeeReport() {}

  public static void write(HdeeConfig config, MergeContext run, Report report) throws IOException {
    HdeeResults results = HdeeResults.read(run);
    for (HdeeResults.Ensemble e : results.ensembles()) {
      HdeeArtifacts.publish(run, e);
    }
    report.heading("HDEE: " + config.domains().train().size() + " training domains, "
        + config.domains().evalOnly().size() + " evaluation-only, " + config.plans().size() + " plans at "
        + String.format(Locale.ROOT, "%.3g", config.budget().totalFlops()) + " FLOPs each ("
        + config.sizes().get(0).spec().kind() + ", backend " + config.backend() + ", difficulty "
        + config.difficulty().name().toLowerCase(Locale.ROOT) + ", protocol " + config.budget().protocol().configName()
        + ", experts " + config.experts().mode().name().toLowerCase(Locale.ROOT) + ")");
    List<HdeePlanner.PlanLayout> layouts = HdeePlanner.layouts(config);
    HdeeTokensTable.write(config, run, report);
    HdeeComputeTables.write(config, results, layouts, report);
    HdeeReturns.write(config, results, layouts, report);
    HdeePerplexityTables.write(config, results.scores(), report);
    CurveCharts.addTo(report, "hdee", "Training loss (nats per byte) of every seed, expert and dense model",
        HdeeResults.curves(run));
  }
}
