package dev.flotilla.ensembles.hdee;

import dev.flotilla.executors.export.ModelUnit;
import dev.flotilla.executors.export.PortableModel;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import dev.flotilla.executors.lm.LearningRateSchedule;
import dev.flotilla.executors.lm.LmSpec;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.util.List;
import java.util.Map;

/**
 * A seed model (HDEE's first stage): one size trained on the mix of all training domains; the
 * experts of that size branch from its weights.
 */
public record HdeeSeedUnit(String size, LmSpec spec, long steps, int batch, double warmup,
    List<DomainRef> trainOn, List<DomainRef> evaluate, int evalWindows) implements WorkUnit, ModelUnit {

  public static final String KIND = "hdee-seed";

  public HdeeSeedUnit {
    trainOn = List.copyOf(trainOn);
    evaluate = List.copyOf(evaluate);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String name() {
    return "seed-" + size + "-" + steps;
  }

  public double flops() {
    return HdeeCosts.trainFlops(spec, steps, batch);
  }

  @Override
  public double cost() {
    return HdeeCosts.seconds(spec, flops(), evaluate.size(), evalWindows);
  }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    // The seed's own schedule: warm-up, then cosine over its steps down to a tenth of the peak.
    var schedule = new LearningRateSchedule(spec.learningRate(), (long) Math.ceil(warmup * steps), steps, 0.1);
    LmTraining.Outcome o = LmTraining.run(ctx, spec, steps, batch, schedule, trainOn, null, evaluate, evalWindows,
        Map.of("role", "seed", "size", size));
    return UnitOutput.of(SeedResult.of(o, flops(), size), o.learningCurve());
  }

  @Override
  public PortableModel portableModel(FileSystem fs, Path unitDir, ComputeBudget budget) throws IOException {
    return LmTraining.portable(fs, unitDir, budget);
  }
}
