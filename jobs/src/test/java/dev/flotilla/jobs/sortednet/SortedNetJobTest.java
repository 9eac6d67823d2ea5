package dev.flotilla.jobs.sortednet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.ensembles.sortednet.SortedCost;
import dev.flotilla.ensembles.sortednet.SortedEvalResult;
import dev.flotilla.ensembles.sortednet.SortedEvalUnit;
import dev.flotilla.ensembles.sortednet.SortedTrainResult;
import dev.flotilla.ensembles.sortednet.SortedTrainUnit;
import dev.flotilla.ensembles.sortednet.SubNetwork;
import dev.flotilla.ensembles.sortednet.SubNetworkResult;
import dev.flotilla.ensembles.sortednet.IndependentResult;
import dev.flotilla.ensembles.sortednet.IndependentTrainUnit;
import dev.flotilla.ensembles.sortednet.TrainingOptions;
import dev.flotilla.executors.data.ValidSplit;
import dev.flotilla.jobs.cli.FlotillaCli;
import dev.flotilla.jobs.testing.CommittedRun;
import dev.flotilla.jobs.testing.Sparks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The sortednet job planned from a config and merged from committed records, without Spark. */
class SortedNetJobTest {

  @TempDir Path tmp;

  /**
   * Validation accuracy of each sub-network in the sandwich training; the uniform one is 0.02
   * lower; test accuracies are 0.005 above validation ones.
   */
  private static final Map<String, Double> ACCURACY = Map.of("w0.2500-d1", 0.70, "w0.2500-d3", 0.68,
      "w0.5000-d1", 0.75, "w0.5000-d3", 0.80, "w1.0000-d1", 0.78, "w1.0000-d3", 0.85);

  private String conf() {
    return """
        job = sortednet
        engine { run-dir = "%s", progress = false }
        sortednet {
          model { kind = mlp, width = 64, depth = 3, learning-rate = 0.003 }
          grid { widths = [0.25, 0.5, 1.0], depths = [1, 3] }
          data { train-limit = 4000, test-limit = 1000, valid-fraction = 0.25, valid-seed = 4 }
          epochs = 5
          batch-size = 100
          trainings = [{policy = sandwich, per-step = 4, seed = 1}, {policy = uniform, per-step = 3, seed = 2}]
          distill = 0.3
          shrink-after = 0.2
          warmup-steps = 10
          eval { subnetworks-per-unit = 4, latency-repeats = 20 }
          baseline = [[0.25, 3], [1.0, 3]]
        }
        """.formatted(tmp.toUri());
  }

  private JobSpec job() {
    return Sparks.job(conf());
  }

  @Test
  void plansTrainingsThenTheirEvaluationsThenTheBaselines() {
    JobSpec job = job();
    List<PlannedUnit> units = job.plan().units();
    assertThat(units).extracting(PlannedUnit::kind).containsExactly(SortedTrainUnit.KIND,
        SortedEvalUnit.KIND, SortedEvalUnit.KIND, SortedTrainUnit.KIND, SortedEvalUnit.KIND,
        SortedEvalUnit.KIND, IndependentTrainUnit.KIND, IndependentTrainUnit.KIND);
    SortedTrainUnit sandwich = (SortedTrainUnit) units.get(0).unit();
    assertThat(sandwich.label()).isEqualTo("sandwich-s1");
    assertThat(((SortedTrainUnit) units.get(3).unit()).label()).isEqualTo("uniform-s2");
    assertThat(sandwich.options().steps()).as("5 epochs of 3000 examples at batch 100").isEqualTo(150);
    assertThat(sandwich.valid()).isEqualTo(new ValidSplit(1000, 4));
    SortedEvalUnit eval = (SortedEvalUnit) units.get(1).unit();
    assertThat(eval.valid()).as("evaluated on the split its training held out").isEqualTo(sandwich.valid());
    assertThat(eval.trainLimit()).isEqualTo(sandwich.trainLimit());
    assertThat(((IndependentTrainUnit) units.get(6).unit()).valid()).isEqualTo(sandwich.valid());
    assertThat(units.get(1).after()).containsExactly(units.get(0).id());
    assertThat(units.get(5).after()).containsExactly(units.get(3).id());
    assertThat(((SortedEvalUnit) units.get(1).unit()).subNetworks()).hasSize(4);
    assertThat(((SortedEvalUnit) units.get(2).unit()).subNetworks()).hasSize(2);
    IndependentTrainUnit alone = (IndependentTrainUnit) units.get(6).unit();
    assertThat(alone.aloneSpec().width()).as("a quarter of 64 units").isEqualTo(16);
    assertThat(alone.aloneSpec().depth()).isEqualTo(3);
    assertThat(alone.options().steps()).isEqualTo(150);
    assertThat(alone.options().lrSchedule()).as("the reference default (constant), as the sorted training's")
        .isEqualTo(sandwich.options().lrSchedule()).isNull();
    IndependentTrainUnit cosine = (IndependentTrainUnit) Sparks.job(conf() + "sortednet.lr-schedule = cosine\n")
        .plan().units().get(6).unit();
    assertThat(cosine.options().lrSchedule()).as("the baselines follow the schedule").isEqualTo(TrainingOptions.COSINE);
    assertThat(alone.options().distill()).isZero();
    assertThat(alone.seed()).as("the first training's seed").isEqualTo(1);
    assertThat(job.describe(sandwich)).containsEntry("what", "sorted training, sandwich, 150 steps");
    assertThat(job.describe(alone)).containsEntry("what", "independent w0.2500-d3, 150 steps");
    assertThat(sandwich.policy().largestEveryStep()).isFalse();
    SortedTrainUnit always = (SortedTrainUnit) Sparks.job(conf().replace("seed = 2}",
        "seed = 2, largest-every-step = true}")).plan().units().get(3).unit();
    assertThat(always.policy().largestEveryStep()).isTrue();
  }

  @Test
  void mergeTablesParetoFrontsBudgetsAndTheComparison() throws Exception {
    JobSpec job = job();
    CommittedRun run = commitAll(job);
    run.merge(job);

    JsonNode rows = run.table(SortedNetReport.TABLE);
    assertThat(rows).hasSize(12);
    List<String> sandwichFront = new ArrayList<>();
    for (JsonNode r : rows) {
      if (r.path("training").asText().equals("sandwich-s1") && r.path("pareto").asBoolean()) {
        sandwichFront.add(r.path("subnetwork").asText());
      }
    }
    assertThat(sandwichFront).as("cheaper and more accurate ones removed, by FLOPs")
        .containsExactly("w0.2500-d1", "w0.5000-d1", "w0.5000-d3", "w1.0000-d3");
    assertThat(rows.get(0).path("flops").asLong()).isEqualTo(25408);

    JsonNode selection = run.table("selection");
    assertThat(selection).as("no sub-network fits 10% of the full network's FLOPs").hasSize(6);
    assertThat(selection.get(0).path("max_flops").asLong()).isEqualTo(29504);
    assertThat(selection.get(0).path("subnetwork").asText()).isEqualTo("w0.2500-d1");
    assertThat(selection.get(1).path("subnetwork").asText()).isEqualTo("w0.5000-d3");
    assertThat(selection.get(5).path("training").asText()).isEqualTo("uniform-s2");

    JsonNode comparison = run.table("comparison");
    assertThat(comparison).hasSize(4);
    assertThat(comparison.get(0).path("ratio").asDouble()).as("test over test")
        .isEqualTo(0.685 / 0.72, within(1e-12));
    assertThat(comparison.get(0).path("meets_96pct").asBoolean()).isFalse();
    assertThat(comparison.get(2).path("meets_96pct").asBoolean()).isTrue();
    JsonNode facts = run.facts();
    assertThat(facts.path("min_accuracy_ratio").asDouble()).isEqualTo(0.665 / 0.72, within(1e-12));
    assertThat(facts.path("subnetworks_meeting_96pct").asInt()).isEqualTo(2);
    assertThat(facts.path("subnetworks_compared").asInt()).isEqualTo(4);
    assertThat(facts.path("subnetworks").asInt()).isEqualTo(12);

    assertThat(run.table(SortedNetReport.TABLE).get(0).path("train_unit").asText())
        .as("full ids in the files").isEqualTo(job.plan().units().get(0).id());
    assertThat(Files.readString(tmp.resolve("report/report.md"))).contains("**sorted-mlp-64x3-res, sandwich-s1: the full network "
        + "scores valid 0.8500 / test 0.8550; within a quarter of its FLOPs, w0.2500-d1 keeps valid "
        + "0.7000 / test 0.7050; worst test accuracy sorted / trained alone 0.924 (w0.2500-d3 of "
        + "uniform-s2; target 0.96).**");

    JsonNode cost = run.table("training-cost");
    assertThat(cost).extracting(r -> r.path("approach").asText()).containsExactly(
        "sorted sorted-mlp-sandwich-s1", "sorted sorted-mlp-uniform-s2", "independent, largest only",
        "independent, all baselines");
    assertThat(cost.get(0).path("flops_vs_largest_alone").asDouble()).isEqualTo(3.0);
    assertThat(cost.get(0).path("models").asInt()).isEqualTo(6);
    assertThat(cost.get(3).path("train_flops").asDouble()).isEqualTo(1.1e10);
    assertThat(cost.get(3).path("seconds_vs_largest_alone").asDouble()).isEqualTo(1.2);
    assertThat(facts.path("sorted_cost_vs_largest_seconds").asDouble()).isEqualTo(2.0);
  }

  @Test
  void selectChoosesFromTheCommittedTable() throws Exception {
    JobSpec job = job();
    commitAll(job).merge(job);
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = new CommandLine(new FlotillaCli()).execute("select", tmp.toString(), "--max-flops", "60000",
          "--training", "uniform-s2");
    } finally {
      System.setOut(stdout);
    }
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(
        "best under --max-flops 60000.0 --training uniform-s2: w0.5000-d3 of uniform-s2 — valid "
            + "accuracy 0.7800 (test 0.7850)");
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new FlotillaCli()).setErr(new PrintWriter(err));
    assertThat(cli.execute("select", tmp.toString(), "--max-flops", "10")).isNotZero();
    assertThat(err.toString()).contains("no sub-network meets the budget --max-flops 10.0; the smallest "
        + "has 25408 FLOPs");
  }

  @Test
  void badEntriesNameTheirKey() {
    String conf = conf();
    assertThatThrownBy(() -> Sparks.job(conf.replace("seed = 2}", "seed = 2, sede = 3}")))
        .hasMessageContaining("sortednet.trainings[1].sede = 3: unknown key");
    assertThatThrownBy(() -> Sparks.job(conf.replace("baseline = [[0.25, 3], [1.0, 3]]", "baseline = [[0.25]]")))
        .hasMessageContaining("sortednet.baseline = [[0.25]]: each entry must be [width fraction, depth]");
    assertThatThrownBy(() -> Sparks.job(conf.replace("seed = 2}", "seed = 2, largest-every-step = yes please}")))
        .hasMessageContaining("sortednet.trainings[1].largest-every-step");
    assertThatThrownBy(() -> Sparks.job(conf + "sortednet.lr-schedule = linear\n"))
        .hasMessageContaining("sortednet.lr-schedule = linear");
    assertThatThrownBy(() -> Sparks.job(conf.replace("shrink-after = 0.2", "shrink-after = 1")))
        .hasMessageContaining("sortednet.shrink-after = 1: must be in [0, 1)");
    assertThatThrownBy(() -> Sparks.job(conf.replace("valid-fraction = 0.25", "valid-fraction = 0")))
        .hasMessageContaining("sortednet.data.valid-fraction = 0: must be > 0: selection and the Pareto "
            + "front use the validation split");
    assertThatThrownBy(() -> Sparks.job(conf + "sortednet.backend = dl4j\n"))
        .hasMessageContaining("sortednet.backend = dl4j: nested models exist only on the djl backend");
  }

  /** Every unit committed: training and baseline results, and the evaluation rows. */
  private CommittedRun commitAll(JobSpec job) throws Exception {
    CommittedRun run = new CommittedRun(tmp, job.plan());
    for (PlannedUnit p : job.plan().units()) {
      if (p.unit() instanceof SortedTrainUnit t) {
        boolean sandwich = t.label().startsWith("sandwich");
        run.commit(p, new SortedTrainResult(sandwich ? 3e10 : 2.5e10, 1e10, sandwich ? 30 : 20, 0.4,
            150, -1, 60_000, 900, "nested.bin", t.policy().kind()), 0, 1000, "driver");
      } else if (p.unit() instanceof SortedEvalUnit e) {
        double offset = e.trainingLabel().startsWith("sandwich") ? 0 : -0.02;
        List<SubNetworkResult> rows = new ArrayList<>();
        for (SubNetwork s : e.subNetworks()) {
          rows.add(new SubNetworkResult(e.trainingLabel(), e.trainUnitId(), s.label(), s.widthFraction(),
              s.depth(), s.units(64), SortedCost.parameters(e.spec(), s), SortedCost.forwardFlops(e.spec(), s),
              ACCURACY.get(s.label()) + offset + 0.005, 0.02, 0, ACCURACY.get(s.label()) + offset));
        }
        run.output(p, SortedEvalUnit.RESULT_FILE, rows);
        run.commit(p, new SortedEvalResult(rows.size(), 1000, 0.855,
            SortedEvalUnit.RESULT_FILE, 500, 0.85), 1000, 2000, "driver");
      } else {
        IndependentTrainUnit u = (IndependentTrainUnit) p.unit();
        boolean small = u.aloneSpec().width() == 16;
        run.commit(p, new IndependentResult(u.subnetwork().label(), small ? 0.72 : 0.86,
            small ? 0.71 : 0.85, small ? 1e9 : 1e10, small ? 2 : 10, 0.3, 150, 1000, "alone.bin"),
            0, 1000, "driver");
      }
    }
    return run;
  }
}
