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
 * A domain expert: branches from {@code initFrom} (the seed of its size, or the previous expert of
 * its lineage) and trains {@code steps} steps of {@code schedule} on its domain.
 *
 * <p>The spec names no plan: its id, and so its seed and data order, follow from what it trains
 * (domain, size, steps, schedule, parent), so an expert identical in several plans is one unit and
 * those plans tie on it exactly.
 *
 * @param iteration position in its lineage (0 = branched from the seed)
 */
public record HdeeExpertUnit(String domain, int group, int iteration, String size, LmSpec spec, long steps,
    LearningRateSchedule schedule, String initFrom, int batch, List<DomainRef> evaluate, int evalWindows)
    implements WorkUnit, ModelUnit {

  public static final String KIND = "hdee-expert";

  public HdeeExpertUnit {
    evaluate = List.copyOf(evaluate);
    if (steps > schedule.totalSteps()) {
      throw new IllegalArgumentException("expert " + domain + ": " + steps + " steps is past its schedule's horizon "
          + schedule.totalSteps());
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String name() {
    return "expert-" + domain + "-" + size + "-" + steps + "-i" + iteration;
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
    DomainRef own = evaluate.stream().filter(d -> d.name().equals(domain)).findFirst().orElseThrow();
    // Own valid loss at the start (the parent) and half way: the report's marginal returns.
    LmTraining.Outcome o = LmTraining.run(ctx, spec, steps, batch, schedule, List.of(own), initFrom, evaluate,
        evalWindows, Map.of("role", "expert", "domain", domain, "size", size, "group", group, "iteration", iteration),
        own, List.of(0L, steps / 2));
    return UnitOutput.of(new ExpertResult(o.steps(), flops(), o.finalLoss(), o.seconds(), o.tokensPerSecond(),
        o.resumedFrom(), o.testBitsPerByte(), group, iteration, size, domain, "declared",
        o.curve().getOrDefault(0L, -1.0), o.curve().getOrDefault(steps / 2, -1.0),
        o.bitsPerByte().get(domain).get("valid")), o.learningCurve());
  }

  @Override
  public PortableModel portableModel(FileSystem fs, Path unitDir, ComputeBudget budget) throws IOException {
    return LmTraining.portable(fs, unitDir, budget);
  }
}
