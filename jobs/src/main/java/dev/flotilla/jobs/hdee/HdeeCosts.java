package dev.flotilla.jobs.hdee;

import dev.flotilla.executors.lm.LmSpec;
import dev.flotilla.executors.unit.UnitOutput;

/** Cost estimates and the metrics every training unit reports. */
final class HdeeCosts {

  /**
   * Effective training FLOP/s (6N) of the small byte-level experts on one core: 12-15 GFLOP/s
   * for the 2-layer d-64 transformers of hdee-quick (their units' tokens_per_second); larger
   * models reach more (bench-hdee: 49 GFLOP/s at 4 layers, d 128). Only orders units and feeds
   * the forecast.
   */
  static final double FLOPS_PER_SECOND = 12e9;

  private HdeeCosts() {}

  static double seconds(LmSpec spec, double trainFlops, int evalDomains, int evalWindows) {
    double evalFlops = 2.0 * spec.parameters() * (spec.context()) * evalWindows * evalDomains * 2;
    return 1 + (trainFlops + evalFlops) / FLOPS_PER_SECOND;
  }

  static UnitOutput.Builder output(LmTraining.Outcome o, double flops) {
    UnitOutput.Builder b = UnitOutput.builder()
        .metric("steps", o.steps())
        .metric("train_flops", flops)
        .metric("final_loss", o.finalLoss())
        .metric("train_seconds", o.seconds())
        .metric("tokens_per_second", o.tokensPerSecond())
        .metric("resumed_from_step", o.resumedFrom());
    o.bitsPerByte().forEach((d, s) -> b.metric("bpb_test." + d, s.get("test")));
    return b;
  }
}
