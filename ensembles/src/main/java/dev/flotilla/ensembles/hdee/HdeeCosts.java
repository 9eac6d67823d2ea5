package dev.flotilla.ensembles.hdee;

import dev.flotilla.executors.lm.LmSpec;

/** Cost estimates of training units: they order units and feed the forecast, never a result. */
final class HdeeCosts {

  /**
   * Effective training FLOP/s (6N) of the small byte-level experts on one core: 12-15 GFLOP/s
   * for the 2-layer d-64 transformers of hdee-quick (their units' tokens_per_second); larger
   * models reach more (bench-hdee: 49 GFLOP/s at 4 layers, d 128). Only orders units and feeds
   * the forecast.
   */
  static final double FLOPS_PER_SECOND = 12e9;

  private HdeeCosts() {}

  /** Training FLOPs of {@code steps} steps of {@code batch} windows of the model's context. */
  static double trainFlops(LmSpec spec, long steps, int batch) {
    return spec.trainFlopsPerToken() * steps * batch * spec.context();
  }

  static double seconds(LmSpec spec, double trainFlops, int evalDomains, int evalWindows) {
    double evalFlops = 2.0 * spec.parameters() * (spec.context()) * evalWindows * evalDomains * 2;
    return 1 + (trainFlops + evalFlops) / FLOPS_PER_SECOND;
  }
}
