package dev.flotilla.jobs.dfn;

import dev.flotilla.datafiltering.dfn.CurationSummary;
import dev.flotilla.datafiltering.dfn.DownstreamResult;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The dfn report's one-sentence result: what was kept and how good it is. With a ground truth,
 * the kept set's precision against the pool's clean fraction (what filtering bought); with the
 * downstream step, the zero-shot accuracy of the model trained on the kept pairs against the same
 * model trained on a random subset of the same size (the comparison DFN and DataComp make).
 */
final class DfnHeadline {

  private DfnHeadline() {}

  static String of(DfnConfig dfn, CurationSummary s, List<DownstreamResult> subsets) {
    StringBuilder out = new StringBuilder();
    Double absolute = dfn.curation().threshold();
    out.append(String.format(Locale.ROOT, "Kept %,d of %,d scored pairs (%s, score >= %s)", s.kept(), s.scored(),
        absolute != null ? "fixed threshold" : "global top " + percent(dfn.curation().keepFraction()),
        Float.toString(s.threshold())));
    if (s.groundTruth() && s.pool() != null && s.pool() > 0) {
      out.append(String.format(Locale.ROOT, "; %s of them clean against %s of the pool (recall %s)",
          percent(s.precision()), percent(s.cleanInPool() / (double) s.pool()), percent(s.recall())));
    }
    Optional<DownstreamResult> dfnSubset = subset(subsets, "dfn");
    Optional<DownstreamResult> random = subset(subsets, "random");
    if (dfnSubset.isPresent()) {
      out.append(String.format(Locale.ROOT, "; zero-shot accuracy trained on the kept pairs %.3f",
          dfnSubset.get().zeroShotAccuracy()));
      random.ifPresent(r -> out.append(String.format(Locale.ROOT, " vs %.3f on a random subset of the same size",
          r.zeroShotAccuracy())));
    }
    return out.append('.').toString();
  }

  private static Optional<DownstreamResult> subset(List<DownstreamResult> subsets, String name) {
    return subsets.stream().filter(r -> name.equals(r.subset())).findFirst();
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }
}
