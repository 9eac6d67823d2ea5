package dev.flotilla.jobs.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.flotilla.ensembles.sortednet.DjlNestedModel;
import dev.flotilla.ensembles.sortednet.Selection;
import dev.flotilla.ensembles.sortednet.SortedNetSpec;
import dev.flotilla.ensembles.sortednet.SortedTrainUnit;
import dev.flotilla.ensembles.sortednet.StandaloneNet;
import dev.flotilla.ensembles.sortednet.SubNetwork;
import dev.flotilla.ensembles.sortednet.SubNetworkResult;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.ComputeBudget;
import dev.flotilla.executors.unit.UnitRecordCodec;
import dev.flotilla.jobs.sortednet.SortedNetReport;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Picks the sub-network with the best validation accuracy under a budget from a sortednet run's
 * table (its test accuracy is printed beside it): no search, no training, only the committed
 * evaluation. Optionally exports it as a standalone network.
 */
@Command(name = "select", description = "Best sub-network of a sortednet run under a FLOPs/params/latency budget.")
final class SelectCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a sortednet run directory")
  String runDir;

  @Option(names = "--max-flops", description = "forward FLOPs per example")
  Double maxFlops;

  @Option(names = "--max-params", description = "parameters")
  Long maxParams;

  @Option(names = "--max-latency-ms", description = "measured latency per example (batch 1)")
  Double maxLatencyMs;

  @Option(names = "--training", description = "only sub-networks of this training (e.g. sandwich-s1)")
  String training;

  @Option(names = "--export", paramLabel = "FILE", description = "write the chosen sub-network as "
      + "safetensors to FILE and its architecture as JSON beside it (FILE's name with .json); "
      + "flotilla_portable.py in the README loads both into PyTorch")
  File export;

  @Override
  public Integer call() throws Exception {
    File folder = export == null ? null : export.getAbsoluteFile().getParentFile();
    if (folder != null && !folder.isDirectory()) {
      // Checked before any work: one line naming the option, never a stack trace at the end.
      throw new IllegalArgumentException("--export " + export + ": the folder " + folder
          + " does not exist");
    }
    RunDir run = RunDir.at(runDir, new Configuration());
    List<SubNetworkResult> rows = table(run);
    Selection selection = new Selection(maxFlops, maxParams, maxLatencyMs, training);
    SubNetworkResult best = selection.best(rows).orElseThrow(() -> {
      SubNetworkResult smallest = Selection.smallest(rows).orElseThrow(() ->
          new IllegalArgumentException(run.uri() + ": the sub-network table is empty"));
      return new IllegalArgumentException("no sub-network meets the budget" + selection.describe()
          + "; the smallest has " + smallest.flops() + " FLOPs, " + smallest.params() + " params, "
          + smallest.latencyMs() + " ms");
    });
    System.out.printf(Locale.ROOT, "best under%s: %s of %s — valid accuracy %.4f (test %.4f), "
        + "%d params, %d FLOPs, %.4f ms%n", selection.describe(), best.subnetwork(), best.training(),
        best.selectionAccuracy(), best.testAccuracy(), best.params(), best.flops(), best.latencyMs());
    if (export != null) {
      export(run, best);
    }
    return 0;
  }

  /** Writes {@code best} as a standalone network, sliced from its committed sorted training. */
  private void export(RunDir run, SubNetworkResult best) throws Exception {
    SortedNetSpec spec = UnitRecordCodec.read(run, best.trainUnit()).unit(SortedTrainUnit.class).spec();
    SubNetwork s = best.subNetwork();
    try (InputStream in = run.fs().open(new Path(run.unit(best.trainUnit()), SortedTrainUnit.MODEL_FILE));
         DjlNestedModel model = Backends.forKind(DjlNestedModel.FAMILY, spec.kind())
             .restore(spec, in, ComputeBudget.wholeMachine());
         StandaloneNet net = model.export(s);
         OutputStream weights = Files.newOutputStream(export.toPath());
         OutputStream config = Files.newOutputStream(configOf(export).toPath())) {
      net.writePortable(weights, config);
      System.out.printf("exported %s (%d params) to %s and %s%n", s.label(), net.parameterCount(),
          export, configOf(export));
    }
  }

  /** {@code best.safetensors} -> {@code best.json}; {@code best} -> {@code best.json}. */
  static File configOf(File export) {
    String name = export.getName();
    int dot = name.lastIndexOf('.');
    return new File(export.getAbsoluteFile().getParentFile(), (dot > 0 ? name.substring(0, dot) : name) + ".json");
  }

  /** The run's committed sub-network table ({@code report/subnetworks.json}). */
  private static List<SubNetworkResult> table(RunDir run) throws Exception {
    Path table = new Path(run.report(), SortedNetReport.TABLE + ".json");
    if (!run.fs().exists(table)) {
      throw new IllegalArgumentException(run.uri() + " has no " + SortedNetReport.TABLE
          + ".json report: not a finished sortednet run");
    }
    try (InputStream in = run.fs().open(table)) {
      return Json.FILES.readValue(in, new TypeReference<List<SubNetworkResult>>() {});
    }
  }
}
