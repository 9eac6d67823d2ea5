package dev.flotilla.jobs.sortednet;

import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.report.CurveCharts;
import dev.flotilla.driver.report.Report;
import dev.flotilla.ensembles.sortednet.SortedEvalUnit;
import dev.flotilla.ensembles.sortednet.SortedTrainUnit;
import dev.flotilla.ensembles.sortednet.SubNetworkResult;
import dev.flotilla.ensembles.sortednet.SubNetworkTable;
import dev.flotilla.ensembles.sortednet.IndependentTrainUnit;
import dev.flotilla.executors.unit.LearningCurve;
import dev.flotilla.executors.unit.UnitRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SortedNet report, from the committed units only: the evaluation units' rows make the
 * sub-network table (with Pareto fronts and budget choices, {@link SubNetworkSection}); the
 * sorted trainings and the baselines trained alone make the comparison ({@link
 * IndependentSection}), when there is a baseline.
 */
public final class SortedNetReport {

  /** Name of the sub-network table in the report ({@code report/subnetworks.json}), read by select. */
  public static final String TABLE = "subnetworks";

  private SortedNetReport() {}

  public static void write(SortedNetConfig c, MergeContext run, Report report) throws IOException {
    List<SubNetworkResult> rows = new ArrayList<>();
    List<UnitRecord> sorted = new ArrayList<>();
    Map<String, UnitRecord> alone = new LinkedHashMap<>();
    for (UnitRecord rec : run.records()) {
      switch (rec.kind()) {
        case SortedEvalUnit.KIND ->
            rows.addAll(SortedEvalUnit.readRows(run.runDir().fs(), run.runDir().unit(rec.unitId())));
        case SortedTrainUnit.KIND -> sorted.add(rec);
        case IndependentTrainUnit.KIND -> alone.put(rec.unit(IndependentTrainUnit.class).subnetwork().label(), rec);
        default -> { }
      }
    }
    SubNetworkTable table = new SubNetworkTable(rows);
    SubNetworkSection.write(c, table, List.copyOf(alone.values()), report);
    report.headline(SortedNetHeadline.of(c, table, List.copyOf(alone.values())));
    if (!alone.isEmpty()) {
      IndependentSection.write(c, table, sorted, List.copyOf(alone.values()), report);
    }
    report.fact("subnetworks", rows.size());
    Map<String, LearningCurve> curves = new LinkedHashMap<>();
    for (UnitRecord rec : sorted) {
      curves.put(rec.name(), rec.curve());
    }
    for (UnitRecord rec : alone.values()) {
      curves.put(rec.name() + " (alone)", rec.curve());
    }
    CurveCharts.addTo(report, "sortednet", "Training loss: sorted trainings (mean over sampled "
        + "sub-networks) and baselines trained alone", curves);
  }
}
