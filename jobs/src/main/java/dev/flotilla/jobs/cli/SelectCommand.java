package dev.flotilla.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.ensembles.sortednet.DjlNestedModel;
import dev.flotilla.ensembles.sortednet.SortedNetSpec;
import dev.flotilla.ensembles.sortednet.StandaloneNet;
import dev.flotilla.ensembles.sortednet.SubNetwork;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.rundir.AtomicFiles;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.ComputeBudget;
import dev.flotilla.jobs.sortednet.SortedNetJob;
import dev.flotilla.jobs.sortednet.Selection;
import dev.flotilla.jobs.sortednet.SortedTrainUnit;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Picks the most accurate sub-network under a budget from a sortednet run's table: no search,
 * no training, only the committed evaluation. Optionally exports it as a standalone network.
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

  @Option(names = "--export", paramLabel = "FILE", description = "write the chosen sub-network as a standalone network")
  File export;

  @Override
  public Integer call() throws Exception {
    RunDir run = RunDir.at(runDir, new Configuration());
    JsonNode rows = selectRows(run);
    Selection selection = new Selection(maxFlops, maxParams, maxLatencyMs, training);
    JsonNode best = selection.best(rows).orElseThrow(() -> {
      JsonNode smallest = null;
      for (JsonNode r : rows) {
        if (smallest == null || r.path("flops").asDouble() < smallest.path("flops").asDouble()) {
          smallest = r;
        }
      }
      return new IllegalArgumentException("no sub-network meets the budget" + selection.describe()
          + "; the smallest has " + smallest.path("flops").asLong() + " FLOPs, "
          + smallest.path("params").asLong() + " params, " + smallest.path("latency_ms").asDouble() + " ms");
    });
    System.out.printf(Locale.ROOT, "best under%s: %s of %s — accuracy %.4f, %d params, %d FLOPs, %.4f ms%n",
        selection.describe(), best.path("subnetwork").asText(), best.path("training").asText(),
        best.path("accuracy").asDouble(), best.path("params").asLong(), best.path("flops").asLong(),
        best.path("latency_ms").asDouble());
    if (export != null) {
      String trainUnit = best.path("train_unit").asText();
      JsonNode rec = new ObjectMapper().readTree(AtomicFiles.readString(run.fs(), run.unitRecord(trainUnit)));
      SortedNetSpec spec = new ObjectMapper().treeToValue(rec.path("spec").path("spec"), SortedNetSpec.class);
      SubNetwork s = new SubNetwork(best.path("width_fraction").asDouble(), best.path("depth").asInt());
      try (InputStream in = run.fs().open(new Path(run.unit(trainUnit), SortedTrainUnit.MODEL_FILE));
           DjlNestedModel model = Backends.forKind(DjlNestedModel.FAMILY, spec.kind()).restore(spec, in, ComputeBudget.wholeMachine());
           StandaloneNet net = model.export(s);
           OutputStream out = Files.newOutputStream(export.toPath())) {
        net.save(out);
        System.out.printf("exported %s (%d params) to %s%n", s.label(), net.parameterCount(), export);
      }
    }
    return 0;
  }

  private static JsonNode selectRows(RunDir run) throws Exception {
    Path table = new Path(run.report(), SortedNetJob.TABLE + ".json");
    if (!run.fs().exists(table)) {
      throw new IllegalArgumentException(run.uri() + " has no " + SortedNetJob.TABLE
          + ".json report: not a finished sortednet run");
    }
    return new ObjectMapper().readTree(AtomicFiles.readString(run.fs(), table));
  }
}
