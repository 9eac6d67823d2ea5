package dev.flotilla.jobs.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.driver.report.Report;
import dev.flotilla.ensembles.sweep.SweepResult;
import dev.flotilla.ensembles.sweep.SweepTrainUnit;
import dev.flotilla.executors.backend.ModelCost;
import dev.flotilla.executors.unit.LearningCurve;
import dev.flotilla.jobs.testing.CommittedRun;
import dev.flotilla.jobs.testing.Sparks;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep planned from a config and merged from committed records, without Spark. */
class SweepJobTest {

  @TempDir Path tmp;

  static String conf(Path runDir) {
    return """
        job = sweep
        engine { run-dir = "%s", progress = false }
        sweep {
          data { train-limit = 4000, test-limit = 1000, valid-fraction = 0.25 }
          epochs = 1
          batch-size = 100
          mlp { widths = [[32], [64, 32]], learning-rates = [0.003, 0.01] }
          cnn { widths = [[4, 8, 16]], learning-rates = [0.003] }
        }
        """.formatted(runDir.toUri());
  }

  @Test
  void plansOneUnitPerGridPoint() {
    JobSpec job = Sparks.job(conf(tmp));
    Plan plan = job.plan();
    assertThat(plan.units()).extracting(u -> u.unit().name()).containsExactly(
        "djl-mlp-32-lr0.003", "djl-mlp-32-lr0.01", "djl-mlp-64x32-lr0.003", "djl-mlp-64x32-lr0.01",
        "djl-cnn-4x8x16-lr0.003");
    SweepTrainUnit u = (SweepTrainUnit) plan.units().get(0).unit();
    assertThat(u.steps()).as("1 epoch of 3000 examples at batch 100").isEqualTo(30);
    assertThat(u.testLimit()).isEqualTo(1000);
    assertThat(job.describe(u)).containsEntry("steps", 30L)
        .containsEntry("train_flops", ModelCost.trainFlopsPerExample(u.model()) * 30.0 * 100);
    assertThat(plan.units()).allMatch(p -> p.after().isEmpty());
  }

  @Test
  void mergeTablesEveryGridPointFromItsRecord() throws Exception {
    JobSpec job = Sparks.job(conf(tmp));
    CommittedRun run = new CommittedRun(tmp, job.plan());
    double acc = 0.70;
    for (PlannedUnit p : job.plan().units()) {
      SweepTrainUnit u = (SweepTrainUnit) p.unit();
      run.commit(p, new SweepResult(acc += 0.02, ModelCost.parameters(u.model()), u.trainFlops(),
          ModelCost.forwardFlopsPerExample(u.model()), 3.5, 0.25, 857.1, 0.61, 30, 30, -1, 3000,
          1000, "djl", u.model().label(), "model.bin", "true", 1.5 - acc, 500),
          new LearningCurve("accuracy", List.of(new LearningCurve.Point(15, 1.2, null),
              new LearningCurve.Point(30, 0.6, 1.5 - acc))), 0, 4000, "driver");
    }
    Report report = run.merge(job);

    JsonNode rows = run.table("sweep");
    assertThat(rows).hasSize(5);
    JsonNode cnn = rows.get(4);
    assertThat(cnn.path("model").asText()).isEqualTo("djl-cnn-4x8x16-lr0.003");
    assertThat(cnn.path("widths").asText()).isEqualTo("[4,8,16]");
    assertThat(cnn.path("kind").asText()).isEqualTo("cnn");
    assertThat(cnn.path("test_accuracy").asDouble()).isEqualTo(0.80, within(1e-12));
    assertThat(cnn.path("valid_accuracy").asDouble()).isEqualTo(0.70, within(1e-12));
    assertThat(cnn.path("unit").asText()).isEqualTo(job.plan().units().get(4).id());
    assertThat(rows.get(0).path("steps").asLong()).isEqualTo(30);
    assertThat(run.facts().path("max_test_accuracy").asDouble()).isEqualTo(0.80, within(1e-12));
    assertThat(run.facts().path("best_model").asText()).as("chosen on valid (0.78), not on test (0.80)")
        .isEqualTo("djl-mlp-32-lr0.003");
    assertThat(run.facts().path("best_test_accuracy").asDouble()).isEqualTo(0.72, within(1e-12));
    assertThat(report.markdown()).contains("Backend djl, 30 steps of batch 100 per model (3000 "
        + "training examples), accuracy on 1000 validation examples held out of training");
    assertThat(tmp.resolve("report/sweep-accuracy-vs-flops.png")).exists();
    assertThat(tmp.resolve("report/sweep-curves.png")).as("every unit's curve in one chart").exists();
    assertThat(report.markdown()).contains("**Best of 5 models on validation: djl-mlp-32-lr0.003, "
        + "valid 0.7800 / test 0.7200 (djl, 30 steps of batch 100).**");
    assertThat(report.markdown()).as("short unit labels on the page")
        .doesNotContain(job.plan().units().get(4).id()).contains(job.plan().units().get(4).id().substring(
            job.plan().units().get(4).id().lastIndexOf('-') + 1).substring(0, 7));
    assertThat(tmp.resolve("report/sweep-curve-5.png")).as("and one chart per unit").exists();
    JsonNode points = run.table("sweep-curves");
    assertThat(points).hasSize(10);
    assertThat(points.get(1).path("unit").asText()).isEqualTo("djl-mlp-32-lr0.003");
    assertThat(points.get(1).path("valid").asDouble()).isEqualTo(0.78, within(1e-12));
    assertThat(report.markdown()).as("a long table is linked, not inlined")
        .contains("**Every point of every learning curve**: 10 rows in [sweep-curves.csv](sweep-curves.csv)");
  }

  @Test
  void badValuesNameTheirKey() {
    assertThatThrownBy(() -> Sparks.job(conf(tmp).replace("epochs = 1", "epochs = 0")))
        .hasMessageContaining("sweep.epochs = 0: must be a number > 0");
    assertThatThrownBy(() -> Sparks.job(conf(tmp).replace("batch-size = 100", "batch-size = 5000")))
        .hasMessageContaining("sweep.batch-size = 5000: exceeds the 3000 training examples");
    assertThatThrownBy(() -> Sparks.job(conf(tmp).replace("valid-fraction = 0.25", "valid-fraction = 1")))
        .hasMessageContaining("sweep.data.valid-fraction = 1: leaves none of the 4000 training examples");
    assertThatThrownBy(() -> Sparks.job(conf(tmp).replace("valid-fraction = 0.25", "valid-fraction = 0.0001")))
        .hasMessageContaining("sweep.data.valid-fraction = 1.0E-4: is less than one of the 4000 training examples");
    assertThatThrownBy(() -> Sparks.job(conf(tmp).replace("[[4, 8, 16]]", "[[8]]")))
        .hasMessageContaining("sweep.cnn.widths = [[8]]: a cnn needs >= 1 conv width and a dense width");
    assertThatThrownBy(() -> Sparks.job(conf(tmp).replace("train-limit = 4000", "train-limit = 4000, dir = /nowhere")))
        .hasMessageContaining("sweep.data.dir = /nowhere: ");
    assertThatThrownBy(() -> Sparks.job(conf(tmp).replace("[[32], [64, 32]]", "[]").replace("[[4, 8, 16]]", "[]")))
        .hasMessageContaining("sweep.mlp.widths and sweep.cnn.widths are both empty");
  }
}
