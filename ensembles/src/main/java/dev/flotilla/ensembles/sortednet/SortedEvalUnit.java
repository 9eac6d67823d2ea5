package dev.flotilla.ensembles.sortednet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.flotilla.executors.data.ImageData;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.data.ValidSplit;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Evaluates a batch of sub-networks of one committed sorted training on the validation split
 * (what selection reads) and the test split (reported beside it): accuracy of the nested forward,
 * and the exported standalone network's parameters, latency (batch 1, median) and agreement with
 * the nested forward. Writes one {@link SubNetworkResult} per sub-network to {@code subnetworks.json}.
 *
 * @param valid      the training's validation split (null: none, left out of the JSON)
 * @param trainLimit the training examples the split was carved from (0 = all; left out when 0)
 */
public record SortedEvalUnit(String trainUnitId, String trainingLabel, SortedNetSpec spec,
    List<SubNetwork> subNetworks, String dataDir, int testLimit, int latencyRepeats,
    @JsonInclude(JsonInclude.Include.NON_NULL) ValidSplit valid,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int trainLimit) implements WorkUnit {

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
    int n = (testLimit > 0 ? testLimit : 10_000) + (valid == null ? 0 : valid.size());
    return subNetworks.stream().mapToDouble(s -> 2.0 * SortedCost.forwardFlops(spec, s) * n).sum() / 20e9
        + 0.05 * subNetworks.size();
  }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    LabeledImages test = ImageData.test(ctx.cache(), dataDir, testLimit, ctx.hadoopConf());
    LabeledImages validSet = valid == null ? null : valid.of(ctx.cache(), dataDir, trainLimit, ctx.hadoopConf()).valid();
    DjlNestedModel model;
    try (InputStream in = ctx.fs().open(new Path(ctx.committedOutput(trainUnitId), SortedTrainUnit.MODEL_FILE))) {
      model = Backends.forKind(DjlNestedModel.FAMILY, spec.kind()).restore(spec, in, ctx.budget());
    }
    List<SubNetworkResult> rows = new ArrayList<>();
    float[] probe = new float[256 * test.exampleSize()];
    int[] probeY = new int[256];
    int m = Math.min(256, test.size());
    test.slice(0, m, probe, probeY);
    try (model) {
      for (SubNetwork s : subNetworks) {
        double accuracy = SortedTrainer.accuracy(model, s, test, 500);
        Double validAccuracy = validSet == null ? null : SortedTrainer.accuracy(model, s, validSet, 500);
        try (StandaloneNet net = model.export(s)) {
          float[] nested = model.probabilities(probe, m, s);
          float[] alone = net.probabilities(probe, m);
          double maxDiff = 0;
          for (int i = 0; i < nested.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(nested[i] - alone[i]));
          }
          rows.add(new SubNetworkResult(trainingLabel, trainUnitId, s.label(), s.widthFraction(),
              s.depth(), s.units(spec.width()), net.parameterCount(), SortedCost.forwardFlops(spec, s),
              accuracy, net.latencyMillis(probe, latencyRepeats), maxDiff, validAccuracy));
        }
      }
    }
    try (OutputStream out = ctx.fs().create(new Path(ctx.outputDir(), RESULT_FILE), false)) {
      Json.FILES.writeValue(out, rows);
    }
    return UnitOutput.of(new SortedEvalResult(rows.size(), test.size(),
        rows.stream().mapToDouble(SubNetworkResult::testAccuracy).max().orElse(0), RESULT_FILE,
        validSet == null ? 0 : validSet.size(),
        validSet == null ? null : rows.stream().mapToDouble(SubNetworkResult::selectionAccuracy).max().orElse(0)));
  }

  /** The rows an evaluation unit committed in {@code unitDir}. */
  public static List<SubNetworkResult> readRows(FileSystem fs, Path unitDir) throws IOException {
    try (InputStream in = fs.open(new Path(unitDir, RESULT_FILE))) {
      return Json.FILES.readValue(in, new TypeReference<List<SubNetworkResult>>() {});
    }
  }
}
