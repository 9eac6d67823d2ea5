package dev.flotilla.jobs.sortednet;

import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.ensembles.sortednet.AccuracyRatio;
import dev.flotilla.ensembles.sortednet.SortedTrainResult;
import dev.flotilla.ensembles.sortednet.SubNetworkTable;
import dev.flotilla.ensembles.sortednet.TrainingCost;
import dev.flotilla.ensembles.sortednet.IndependentResult;
import dev.flotilla.executors.unit.UnitRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders sorted against independent training: each baseline architecture's accuracy as a
 * sub-network over its accuracy trained alone (target 0.96), and what each approach cost to
 * train (target: a sorted training at most twice the largest network alone).
 */
final class IndependentSection {

  private IndependentSection() {}

  /** {@code sorted}: the sorted trainings' records; {@code alone}: one record per baseline architecture. */
  static void write(SortedNetConfig c, SubNetworkTable table, List<UnitRecord> sorted,
      List<UnitRecord> alone, Report report) {
    report.heading("Sorted vs independent training");
    accuracy(c, table, alone, report);
    cost(c, sorted, alone, report);
  }

  private static void accuracy(SortedNetConfig c, SubNetworkTable table, List<UnitRecord> alone,
      Report report) {
    List<AccuracyRatio> ratios = AccuracyRatio.compare(c.baseline(), accuracyAlone(alone), table);
    Table.Builder t = new Table.Builder("training", "subnetwork", "sorted_accuracy",
        "independent_accuracy", "ratio", "meets_96pct");
    for (AccuracyRatio r : ratios) {
      t.row(r.training(), r.subnetwork(), r.sortedAccuracy(), r.independentAccuracy(), r.ratio(),
          r.meetsTarget());
    }
    report.table("comparison", "Accuracy of each baseline architecture: sorted / trained alone "
        + "(target >= 0.96)", t.build());
    report.fact("min_accuracy_ratio", ratios.stream().mapToDouble(AccuracyRatio::ratio).min()
            .orElse(Double.MAX_VALUE))
        .fact("subnetworks_meeting_96pct", (int) ratios.stream().filter(AccuracyRatio::meetsTarget).count())
        .fact("subnetworks_compared", ratios.size());
  }

  private static void cost(SortedNetConfig c, List<UnitRecord> sorted, List<UnitRecord> alone,
      Report report) {
    List<TrainingCost> each = alone.stream().map(rec -> {
      IndependentResult r = rec.result(IndependentResult.class);
      return new TrainingCost(rec.name(), 1, r.trainFlops(), r.trainSeconds());
    }).toList();
    TrainingCost largest = TrainingCost.largest("independent, largest only", each);
    TrainingCost all = TrainingCost.total("independent, all baselines", each);
    Table.Builder t = new Table.Builder("approach", "models", "train_flops", "train_seconds",
        "flops_vs_largest_alone", "seconds_vs_largest_alone");
    for (UnitRecord rec : sorted) {
      SortedTrainResult r = rec.result(SortedTrainResult.class);
      TrainingCost s = new TrainingCost("sorted " + rec.name(), c.grid().size(), r.trainFlops(),
          r.trainSeconds());
      row(t, s, s.flopsRelativeTo(largest), s.secondsRelativeTo(largest));
      report.fact("sorted_cost_vs_largest_flops", s.flopsRelativeTo(largest))
          .fact("sorted_cost_vs_largest_seconds", s.secondsRelativeTo(largest));
    }
    row(t, largest, 1.0, 1.0);
    row(t, all, all.flopsRelativeTo(largest), all.secondsRelativeTo(largest));
    report.table("training-cost", "Training cost (target: sorted <= 2x the largest alone)", t.build());
  }

  /** Test accuracy of each baseline trained alone, by sub-network label. */
  static Map<String, Double> accuracyAlone(List<UnitRecord> alone) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (UnitRecord rec : alone) {
      IndependentResult r = rec.result(IndependentResult.class);
      out.put(r.subnetwork(), r.accuracy());
    }
    return out;
  }

  private static void row(Table.Builder t, TrainingCost c, double flopsRatio, double secondsRatio) {
    t.row(c.approach(), c.models(), c.trainFlops(), c.trainSeconds(), flopsRatio, secondsRatio);
  }
}
