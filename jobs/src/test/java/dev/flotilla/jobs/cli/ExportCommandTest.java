package dev.flotilla.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.ensembles.sweep.SweepTrainUnit;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.ModelSpec;
import dev.flotilla.executors.backend.TrainableModel;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.ComputeBudget;
import dev.flotilla.executors.unit.UnitRecordCodec;
import dev.flotilla.jobs.testing.LocalSparkBase;
import dev.flotilla.jobs.testing.Sparks;
import dev.flotilla.jobs.testing.TorchReference;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code flotilla export} on a real sweep run: the committed model, read back by its unit kind,
 * gives in Debian's PyTorch the probabilities Flotilla's own model gives; and the mistakes a
 * user makes are one line each, exit 2.
 */
class ExportCommandTest extends LocalSparkBase {

  @TempDir Path tmp;

  @Test
  void exportsASweepUnitsModelThatPyTorchRuns() throws Exception {
    Path runDir = tmp.resolve("run");
    RunManifest m = Flotilla.run(spark, Sparks.job("""
        job = sweep
        engine { run-dir = "%s", master = "local[2]", progress = false }
        sweep {
          backend = dl4j
          data { train-limit = 1000, test-limit = 200 }
          epochs = 1
          batch-size = 100
          mlp { widths = [[16]], learning-rates = [0.003] }
          cnn { widths = [] }
        }
        """.formatted(runDir.toUri())));
    UnitEntry unit = m.units.values().iterator().next();
    Path out = tmp.resolve("net.safetensors");
    // A prefix of the id names the unit, as status lists it.
    int code = FlotillaCli.commandLine().execute("export", runDir.toString(), "--unit",
        unit.id.substring(0, unit.id.length() - 4), "--to", out.toString());
    assertThat(code).isZero();
    assertThat(tmp.resolve("net.json")).exists();

    RunDir run = RunDir.at(runDir.toUri().toString(), new Configuration());
    SweepTrainUnit spec = UnitRecordCodec.read(run, unit.id).unit(SweepTrainUnit.class);
    int n = 8;
    float[] x = new float[n * spec.model().inputSize()];
    Random r = new Random(2);
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat();
    }
    float[] expected;
    try (InputStream in = Files.newInputStream(runDir.resolve("units").resolve(unit.id).resolve(SweepTrainUnit.MODEL_FILE));
         TrainableModel model = Backends.require("dl4j", TrainableModel.FAMILY, ModelSpec.MLP)
             .restore(spec.model(), in, ComputeBudget.ofCpus(1))) {
      expected = model.probabilities(x, n);
    }
    assumeThat(TorchReference.available()).as("Debian's python3-torch is installed").isTrue();
    float[] got = new TorchReference(tmp).run("net", x, n);
    assertThat(TorchReference.maxAbsDiff(got, expected)).isLessThan(1e-5);

    assertThat(error("export", runDir.toString(), "--unit", "nope", "--to", out.toString()))
        .isEqualTo("flotilla: --unit nope: no committed unit of " + run.uri() + " has that id");
    assertThat(error("export", runDir.toString(), "--ensemble", "heterogeneous", "--to", tmp.toString()))
        .startsWith("flotilla: " + run.uri() + " has no ensemble of plan 'heterogeneous'");
  }

  @Test
  void aMissingFolderIsOneLineNamingTheOption() {
    Path missing = tmp.resolve("missing/x.safetensors");
    assertThat(error("export", tmp.toString(), "--unit", "u", "--to", missing.toString()))
        .isEqualTo("flotilla: --to " + missing + ": the folder " + missing.getParent() + " does not exist");
  }

  private static String error(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = FlotillaCli.commandLine();
    cli.getSubcommands().get("export").setErr(new PrintWriter(err));
    assertThat(cli.execute(args)).isEqualTo(2);
    return err.toString().strip();
  }
}
