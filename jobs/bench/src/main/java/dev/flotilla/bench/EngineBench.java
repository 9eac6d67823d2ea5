package dev.flotilla.bench;

import dev.flotilla.executors.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.SparkSessions;
import dev.flotilla.driver.manifest.AttemptRecord;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.plan.Forecast;
import dev.flotilla.jobs.burn.BurnConfig;
import dev.flotilla.jobs.burn.BurnJob;
import dev.flotilla.jobs.config.EngineConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The engine benchmark behind {@code scripts/bench-engine}: 16 CPU-bound units of unequal known
 * cost on a local-cluster (separate executor JVMs), in longest-first and in given (ascending)
 * order; and the per-unit overhead of scheduling and committing empty units.
 *
 * <p>Makespan is the span from the first unit's start to the last unit's end (from the manifest),
 * so executor start-up is excluded; the whole {@code Flotilla.run} wall time is reported too.
 */
public final class EngineBench {

  static final double[] COSTS = {0.5, 0.5, 1, 1, 1.5, 1.5, 2, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 8};

  public static void main(String[] args) throws Exception {
    String master = args.length > 0 ? args[0] : "local-cluster[2,1,1024]";
    Path out = Path.of(args.length > 1 ? args[1] : "bench/results/engine.json");
    Path work = Files.createTempDirectory("flotilla-bench-engine");
    String jars = System.getProperty("flotilla.jars", "");
    EngineSettings base = new EngineSettings(work.resolve("warmup").toUri().toString(), master, 1, 0,
        4, 100, 0, 42, EngineSettings.ORDER_LPT, false);
    SparkConf conf = SparkSessions.conf(base, "flotilla-bench-engine").set("spark.ui.enabled", "false");
    if (!jars.isEmpty()) {
      conf.set("spark.jars", jars);
    }
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    int slots = EngineConfig.slotsOf(master, 1);
    ObjectMapper json = Json.FILES;
    ObjectNode result = json.createObjectNode();
    try {
      // Executors start lazily: warm them (and the JIT) up before measuring anything.
      run(spark, base, List.of(0.0, 0.0, 0.0, 0.0));

      List<Double> empty = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        empty.add(0.0);
      }
      Measured overhead = run(spark, base.withRunDir(work.resolve("empty").toUri().toString()), empty);
      double perUnit = overhead.span * slots / empty.size();

      List<Double> costs = new ArrayList<>();
      for (double c : COSTS) {
        costs.add(c);
      }
      double total = costs.stream().mapToDouble(Double::doubleValue).sum();
      double max = costs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
      double lowerBound = Forecast.lowerBound(total, max, slots);
      ArrayNode orders = result.putArray("orders");
      StringBuilder table = new StringBuilder(
          "| order | makespan s | run wall s | lower bound s | efficiency | forecast s | units' busy s | scheduling efficiency |\n|---|---|---|---|---|---|---|---|\n");
      for (String order : List.of(EngineSettings.ORDER_LPT, EngineSettings.ORDER_GIVEN)) {
        EngineSettings e = new EngineSettings(work.resolve(order).toUri().toString(), master, 1, 0,
            4, 100, 0, 42, order, false);
        BurnJob job = new BurnJob(e, Map.of("burn", Map.of("seconds", costs)), new BurnConfig(costs));
        var units = EngineSettings.ORDER_LPT.equals(order) ? job.plan().longestFirst() : job.plan().units();
        double forecast = Forecast.of(units, slots).makespan();
        Measured m = run(spark, e, costs);
        double eff = lowerBound / m.span;
        double schedEff = Forecast.lowerBound(m.busyTotal, m.busyMax, slots) / m.span;
        orders.addObject().put("order", order).put("makespan_s", m.span).put("run_wall_s", m.wall)
            .put("lower_bound_s", lowerBound).put("efficiency", eff).put("forecast_s", forecast)
            .put("efficiency_of_run_wall", lowerBound / m.wall)
            .put("units_busy_total_s", m.busyTotal)
            .put("scheduling_efficiency", schedEff);
        table.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.3f | %.2f | %.2f | %.3f |%n",
            order, m.span, m.wall, lowerBound, eff, forecast, m.busyTotal, schedEff));
      }
      result.put("master", master).put("slots", slots).put("units", COSTS.length)
          .put("total_cost_s", total).put("max_cost_s", max).put("lower_bound_s", lowerBound);
      result.putPOJO("costs_s", COSTS);
      result.put("empty_units", empty.size()).put("empty_units_span_s", overhead.span)
          .put("empty_units_run_wall_s", overhead.wall).put("per_unit_overhead_s", perUnit)
          .put("target_efficiency", 0.95).put("target_per_unit_overhead_s", 0.5);
      result.put("date", java.time.Instant.now().toString())
          .put("java", System.getProperty("java.version"))
          .put("cores", Runtime.getRuntime().availableProcessors());
      System.out.println("\nEngine benchmark on " + master + " (" + slots + " slots), 16 burn units, costs "
          + java.util.Arrays.toString(COSTS) + " s\n");
      System.out.print(table);
      System.out.printf(Locale.ROOT, "%nper-unit overhead (schedule + commit of an empty unit, %d units on %d slots): %.3f s%n",
          empty.size(), slots, perUnit);
      Files.createDirectories(out.toAbsolutePath().getParent());
      json.writeValue(out.toFile(), result);
      System.out.println("wrote " + new File(out.toString()).getAbsolutePath());
    } finally {
      spark.stop();
    }
  }

  /**
   * span: first unit start to last unit end; wall: the whole Flotilla.run; busy: the units' own
   * measured work (wall seconds inside the burn loop), whose lower bound isolates what the engine
   * adds (scheduling, commit) from the CPU the units lose to the driver and JVM threads that
   * share these two cores.
   */
  record Measured(double span, double wall, double busyTotal, double busyMax) {}

  private static Measured run(SparkSession spark, EngineSettings e, List<Double> costs) throws Exception {
    BurnJob job = new BurnJob(e, Map.of("burn", Map.of("seconds", costs)), new BurnConfig(costs));
    long t0 = System.nanoTime();
    RunManifest m = Flotilla.run(spark, job);
    double wall = (System.nanoTime() - t0) / 1e9;
    long first = Long.MAX_VALUE;
    long last = 0;
    double busyTotal = 0;
    double busyMax = 0;
    for (UnitEntry u : m.units.values()) {
      double busy = u.metrics.getOrDefault("wall_seconds", 0.0);
      busyTotal += busy;
      busyMax = Math.max(busyMax, busy);
      for (AttemptRecord a : u.attempts) {
        first = Math.min(first, a.startMillis());
        last = Math.max(last, a.endMillis());
      }
    }
    return new Measured((last - first) / 1000.0, wall, busyTotal, busyMax);
  }
}
