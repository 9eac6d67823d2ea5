package dev.flotilla.ensembles.sortednet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sub-network's test accuracy from a sorted training against the same architecture trained
 * alone (both on the test split: a comparison that is reported, not a choice).
 * SortedNet's target: the ratio is at least {@link #TARGET}.
 */
public record AccuracyRatio(String training, String subnetwork, double sortedAccuracy,
    double independentAccuracy) {

  public static final double TARGET = 0.96;

  public double ratio() {
    return sortedAccuracy / independentAccuracy;
  }

  public boolean meetsTarget() {
    return ratio() >= TARGET;
  }

  /**
   * For each baseline sub-network that was trained alone (its accuracy in
   * {@code independentAccuracy}, keyed by the sub-network's label), every training's evaluation of
   * that sub-network, in baseline order then table order.
   */
  public static List<AccuracyRatio> compare(List<SubNetwork> baseline,
      Map<String, Double> independentAccuracy, SubNetworkTable table) {
    List<AccuracyRatio> out = new ArrayList<>();
    for (SubNetwork s : baseline) {
      Double alone = independentAccuracy.get(s.label());
      if (alone == null) {
        continue;
      }
      for (SubNetworkResult r : table.rows()) {
        if (r.subnetwork().equals(s.label())) {
          out.add(new AccuracyRatio(r.training(), s.label(), r.testAccuracy(), alone));
        }
      }
    }
    return out;
  }
}
