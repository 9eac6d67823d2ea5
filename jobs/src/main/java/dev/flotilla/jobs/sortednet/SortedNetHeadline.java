package dev.flotilla.jobs.sortednet;

import dev.flotilla.ensembles.sortednet.AccuracyRatio;
import dev.flotilla.ensembles.sortednet.SortedCost;
import dev.flotilla.ensembles.sortednet.SubNetworkResult;
import dev.flotilla.ensembles.sortednet.SubNetworkTable;
import dev.flotilla.executors.unit.UnitRecord;
import java.util.List;
import java.util.Locale;

/**
 * The SortedNet result in one sentence, for the top of the report: the first training's full
 * network, its choice at a quarter of the full network's FLOPs (validation chooses, test is
 * beside it), and the worst sorted / alone ratio when there are baselines.
 */
final class SortedNetHeadline {

  private SortedNetHeadline() {}

  static String of(SortedNetConfig c, SubNetworkTable table, List<UnitRecord> alone) {
    if (table.rows().isEmpty()) {
      return "No sub-network was evaluated.";
    }
    String training = c.trainings().get(0).label();
    String full = c.spec().largest().label();
    SubNetworkResult fullRow = table.rows().stream()
        .filter(r -> r.training().equals(training) && r.subnetwork().equals(full)).findFirst()
        .orElse(table.rows().get(table.rows().size() - 1));
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        "%s, %s: the full network scores valid %.4f / test %.4f", c.spec().label(), training,
        fullRow.validAccuracy(), fullRow.testAccuracy()));
    double fullFlops = SortedCost.forwardFlops(c.spec(), c.spec().largest());
    table.choicesAtBudgets(List.of(training), fullFlops, 0.25).stream().findFirst().ifPresent(b ->
        s.append(String.format(Locale.ROOT, "; within a quarter of its FLOPs, %s keeps valid %.4f "
            + "/ test %.4f", b.choice().subnetwork(), b.choice().validAccuracy(), b.choice().testAccuracy())));
    List<AccuracyRatio> ratios = AccuracyRatio.compare(c.baseline(), IndependentSection.accuracyAlone(alone), table);
    ratios.stream().min(java.util.Comparator.comparingDouble(AccuracyRatio::ratio)).ifPresent(r ->
        s.append(String.format(Locale.ROOT, "; worst test accuracy sorted / trained alone %.3f "
            + "(%s of %s; target %.2f)", r.ratio(), r.subnetwork(), r.training(), AccuracyRatio.TARGET)));
    return s.append('.').toString();
  }
}
