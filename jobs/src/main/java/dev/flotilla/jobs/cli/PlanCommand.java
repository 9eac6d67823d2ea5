package dev.flotilla.jobs.cli;

import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.plan.Forecast;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.driver.report.Table;
import dev.flotilla.jobs.JobKinds;
import dev.flotilla.jobs.config.EngineConfig;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints the plan: units, costs, and the forecast makespan. Runs nothing. */
@Command(name = "plan", description = "Print a job's units, their costs and the forecast makespan; nothing runs.")
final class PlanCommand implements Runnable {

  @Parameters(index = "0", paramLabel = "CONF", description = "job config (HOCON)")
  File conf;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config key")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--units", description = "list every unit (default: all of a small plan, the "
      + "first " + StatusCommand.FULL_TABLE_UP_TO + " of a large one)")
  boolean allUnits;

  @Override
  public void run() {
    JobSpec job = JobKinds.fromFile(conf, overrides);
    System.out.print(render(job, allUnits ? Integer.MAX_VALUE : StatusCommand.FULL_TABLE_UP_TO));
  }

  static String render(JobSpec job) {
    return render(job, Integer.MAX_VALUE);
  }

  /** The plan with at most {@code rows} units listed (in run order); totals cover them all. */
  static String render(JobSpec job, int rows) {
    EngineSettings e = job.engine();
    Plan plan = job.plan();
    List<PlannedUnit> order = EngineSettings.ORDER_LPT.equals(e.order()) ? plan.longestFirst() : plan.units();
    // Columns: every key any listed unit describes (unit kinds describe themselves differently).
    java.util.Set<String> extra = new java.util.LinkedHashSet<>();
    for (PlannedUnit u : order.subList(0, Math.min(rows, order.size()))) {
      extra.addAll(job.describe(u.unit()).keySet());
    }
    List<String> cols = new ArrayList<>(List.of("#", "unit", "id", "cost_s", "cpus"));
    cols.addAll(extra);
    Table.Builder t = new Table.Builder(cols.toArray(String[]::new));
    int i = 0;
    for (PlannedUnit u : order.subList(0, Math.min(rows, order.size()))) {
      List<Object> row = new ArrayList<>(List.of(++i, u.name(), u.id(), u.cost(), u.cpus()));
      Map<String, Object> d = job.describe(u.unit());
      for (String c : extra) {
        row.add(d.getOrDefault(c, ""));
      }
      t.row(row.toArray());
    }
    StringBuilder sb = new StringBuilder();
    sb.append(job.kind()).append(" plan: ").append(plan.units().size()).append(" units, run dir ")
        .append(e.runDir()).append(", order ").append(e.order()).append('\n');
    sb.append(t.build().toMarkdown());
    if (order.size() > rows) {
      sb.append("(the first ").append(rows).append(" of ").append(order.size())
          .append(" units in run order; --units lists all)\n");
    }
    sb.append(job.planNotes());
    int slots = e.slots() > 0 ? e.slots() : EngineConfig.slotsOf(e.master(), e.cpusPerUnit());
    if (slots > 0) {
      Forecast f = Forecast.of(order, slots);
      Forecast given = Forecast.of(plan.units(), slots);
      sb.append(String.format(Locale.ROOT,
          "%nforecast on %d slot(s) (%s, %d cpu/unit): makespan %.1f s, lower bound %.1f s "
              + "(efficiency %.3f); plan order would take %.1f s%n",
          slots, e.master(), e.cpusPerUnit(), f.makespan(), f.lowerBound(), f.efficiency(),
          given.makespan()));
    } else {
      sb.append("\nforecast: set engine.slots to forecast the makespan on master ")
          .append(e.master()).append('\n');
    }
    sb.append(String.format(Locale.ROOT, "total cost %.1f s, longest unit %.1f s%n",
        plan.totalCost(), plan.maxCost()));
    int perTask = job.unitsPerTask(plan.units(), Math.max(1, slots));
    if (perTask > 1) {
      sb.append("units per Spark task: up to ").append(perTask)
          .append(e.unitsPerTask() == EngineSettings.UNITS_PER_TASK_AUTO ? " (auto)" : "").append('\n');
    }
    return sb.toString();
  }
}
