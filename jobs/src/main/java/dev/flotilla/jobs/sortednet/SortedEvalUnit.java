package dev.flotilla.jobs.sortednet;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.ensembles.sortednet.DjlNestedModel;
import dev.flotilla.ensembles.sortednet.SortedCost;
import dev.flotilla.ensembles.sortednet.SortedNetSpec;
import dev.flotilla.ensembles.sortednet.SortedTrainer;
import dev.flotilla.ensembles.sortednet.StandaloneNet;
import dev.flotilla.ensembles.sortednet.SubNetwork;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import dev.flotilla.jobs.sweep.ImageData;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * Evaluates a batch of sub-networks of one committed sorted training on the test split:
 * accuracy of the nested forward, and the exported standalone network's parameters, latency
 * (batch 1, median) and agreement with the nested forward. Writes {@code subnetworks.json}.
 */
public record SortedEvalUnit(String trainUnitId, String trainingLabel, SortedNetSpec spec,
    List<SubNetwork> subNetworks, String dataDir, int testLimit, int latencyRepeats)
    implements WorkUnit {

  public static final String KIND = "sortednet-eval";
  public static final String RESULT_FILE = "subnetworks.json";

  public SortedEvalUnit {
    subNetworks = List.copyOf(subNetworks);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String name() {
    return "eval-" + trainingLabel + "-" + subNetworks.get(0).label() + "-" + subNetworks.size();
  }

  @Override
  public double cost() {
    int n = testLimit > 0 ? testLimit : 10_000;
    return subNetworks.stream().mapToDouble(s -> 2.0 * SortedCost.forwardFlops(spec, s) * n).sum() / 20e9
        + 0.05 * subNetworks.size();
  }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    LabeledImages test = ImageData.test(ctx.cache(), dataDir, testLimit);
    DjlNestedModel model;
    try (InputStream in = ctx.fs().open(new Path(ctx.committedOutput(trainUnitId), SortedTrainUnit.MODEL_FILE))) {
      model = Backends.forKind(DjlNestedModel.FAMILY, spec.kind()).restore(spec, in, ctx.budget());
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    float[] probe = new float[256 * test.exampleSize()];
    int[] probeY = new int[256];
    int m = Math.min(256, test.size());
    test.slice(0, m, probe, probeY);
    try (model) {
      for (SubNetwork s : subNetworks) {
        double accuracy = SortedTrainer.accuracy(model, s, test, 500);
        try (StandaloneNet net = model.export(s)) {
          float[] nested = model.probabilities(probe, m, s);
          float[] alone = net.probabilities(probe, m);
          double maxDiff = 0;
          for (int i = 0; i < nested.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(nested[i] - alone[i]));
          }
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("training", trainingLabel);
          row.put("train_unit", trainUnitId);
          row.put("subnetwork", s.label());
          row.put("width_fraction", s.widthFraction());
          row.put("depth", s.depth());
          row.put("units", s.units(spec.width()));
          row.put("params", net.parameterCount());
          row.put("flops", SortedCost.forwardFlops(spec, s));
          row.put("accuracy", accuracy);
          row.put("latency_ms", net.latencyMillis(probe, latencyRepeats));
          row.put("export_max_abs_diff", maxDiff);
          rows.add(row);
        }
      }
    }
    try (OutputStream out = ctx.fs().create(new Path(ctx.outputDir(), RESULT_FILE), false)) {
      new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out, rows);
    }
    return UnitOutput.builder()
        .metric("subnetworks", rows.size())
        .metric("test_examples", test.size())
        .metric("best_accuracy", rows.stream().mapToDouble(r -> (Double) r.get("accuracy")).max().orElse(0))
        .fact("result", RESULT_FILE)
        .build();
  }
}
