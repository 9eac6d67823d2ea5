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
 * The dense baseline (the comparison BTM and HDEE readers ask for first): one model of the
 * homogeneous size, branched from its seed like the experts, trained on the uniform mix of the
 * training domains with the whole expert budget of a plan.
 */
public record HdeeDenseUnit(String size, LmSpec spec, long steps, LearningRateSchedule schedule, String initFrom,
    int batch, List<DomainRef> trainOn, List<DomainRef> evaluate, int evalWindows) implements WorkUnit, ModelUnit {

  public static final String KIND = "hdee-dense";

  public HdeeDenseUnit {
    trainOn = List.copyOf(trainOn);
    evaluate = List.copyOf(evaluate);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String name() {
    return "dense-" + size + "-" + steps;
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
    LmTraining.Outcome o = LmTraining.run(ctx, spec, steps, batch, schedule, trainOn, initFrom, evaluate, evalWindows,
        Map.of("role", "dense", "size", size));
    return UnitOutput.of(new SeedResult(o.steps(), flops(), o.finalLoss(), o.seconds(), o.tokensPerSecond(),
        o.resumedFrom(), o.testBitsPerByte(), size, "dense"), o.learningCurve());
  }

  @Override
  public PortableModel portableModel(FileSystem fs, Path unitDir, ComputeBudget budget) throws IOException {
    return LmTraining.portable(fs, unitDir, budget);
  }
}
