package dev.flotilla.jobs.testing;

import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.driver.report.Report;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitKindProvider;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.util.List;
import java.util.Map;

/** Test-only unit kinds and a job made of any units, through the public Java API. */
public final class TestUnits implements UnitKindProvider {

  @Override
  public Map<String, Class<? extends WorkUnit>> unitKinds() {
    return Map.of(AlwaysFails.KIND, AlwaysFails.class, FailsFirst.KIND, FailsFirst.class);
  }

  /** A unit that throws on every attempt. */
  public record AlwaysFails(String label) implements WorkUnit {
    static final String KIND = "test-always-fails";
    @Override public String kind() { return KIND; }
    @Override public String name() { return label; }
    @Override public double cost() { return 0.1; }

    @Override
    public UnitOutput execute(UnitContext ctx) {
      throw new IllegalStateException("unit " + label + " fails on purpose (attempt " + ctx.attempt() + ")");
    }
  }

  /** A unit of one shared kind that throws on its first attempt when {@code flaky}, then commits. */
  public record FailsFirst(int index, boolean flaky) implements WorkUnit {
    static final String KIND = "test-fails-first";
    @Override public String kind() { return KIND; }
    @Override public String name() { return "unit-" + index + (flaky ? "-flaky" : ""); }
    @Override public double cost() { return 0.01; }

    @Override
    public UnitOutput execute(UnitContext ctx) {
      if (flaky && ctx.attempt() == 0) {
        throw new IllegalStateException("unit " + index + " fails its first attempt on purpose");
      }
      return UnitOutput.of(new dev.flotilla.jobs.burn.BurnResult(0, 0, index, ctx.attempt()));
    }
  }

  /** A job of the given units; its merge records how many units it saw. */
  public record UnitsJob(EngineSettings engine, List<WorkUnit> units) implements JobSpec {
    @Override public String kind() { return "units"; }
    @Override public Map<String, Object> config() { return Map.of("units", units.size()); }

    @Override
    public Plan plan() {
      return new Plan(units.stream().map(u -> PlannedUnit.of(u, engine.cpusPerUnit())).toList());
    }

    @Override
    public void merge(MergeContext run, Report report) {
      report.fact("merged_units", run.manifest().units.size());
    }
  }
}
