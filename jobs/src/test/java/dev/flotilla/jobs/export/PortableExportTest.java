package dev.flotilla.jobs.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flotilla.datafiltering.model.ClipSpec;
import dev.flotilla.datafiltering.model.DjlClipModel;
import dev.flotilla.datafiltering.model.WordTokenizer;
import dev.flotilla.ensembles.hdee.Combiner;
import dev.flotilla.ensembles.hdee.EnsembleArtifact;
import dev.flotilla.ensembles.hdee.EnsembleExport;
import dev.flotilla.ensembles.sortednet.DjlNestedModel;
import dev.flotilla.ensembles.sortednet.SortedNetSpec;
import dev.flotilla.ensembles.sortednet.StandaloneNet;
import dev.flotilla.ensembles.sortednet.SubNetwork;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.ModelSpec;
import dev.flotilla.executors.backend.TrainableModel;
import dev.flotilla.executors.export.PortableModel;
import dev.flotilla.executors.export.SafeTensors;
import dev.flotilla.executors.export.Tensor;
import dev.flotilla.executors.lm.ByteTokens;
import dev.flotilla.executors.lm.LanguageModel;
import dev.flotilla.executors.lm.LmSpec;
import dev.flotilla.executors.unit.ComputeBudget;
import dev.flotilla.jobs.testing.TorchReference;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every portable export (safetensors + JSON config) loaded by Debian's PyTorch through
 * {@code flotilla_portable.py} gives Flotilla's own outputs within 1e-5: SortedNet
 * sub-networks, sweep nets of both backends, HDEE experts of both backends and their ensemble
 * under every combiner, and the DFN filtering network (both towers). Models are trained a few
 * steps first, so biases and weights are no longer their initial values.
 */
class PortableExportTest {

  private static final ComputeBudget ONE = ComputeBudget.ofCpus(1);

  @TempDir Path tmp;
  private TorchReference torch;

  @BeforeEach
  void torch() {
    assumeTrue(TorchReference.available(), "Debian's python3-torch is not installed");
    torch = new TorchReference(tmp);
  }

  @ParameterizedTest(name = "{0} w{1} d{2} residual {3}")
  @CsvSource({"mlp, 0.5, 1, false", "mlp, 1.0, 3, false", "cnn, 0.5, 1, false", "cnn, 1.0, 3, false",
      "mlp, 0.5, 3, true", "cnn, 1.0, 3, true"})
  void sortedNetSubNetworks(String kind, double width, int depth, boolean residual) throws Exception {
    SortedNetSpec spec = new SortedNetSpec(kind, 8, 3, 1, 28, 28, 10, 0.001, residual);
    int n = 16;
    float[] x = pixels(n * spec.inputSize(), 5);
    float[] expected;
    try (DjlNestedModel model = Backends.forKind(DjlNestedModel.FAMILY, kind).build(spec, 11, ONE);
         StandaloneNet net = model.export(new SubNetwork(width, depth))) {
      expected = net.probabilities(x, n);
      try (OutputStream w = Files.newOutputStream(tmp.resolve("m.safetensors"));
           OutputStream c = Files.newOutputStream(tmp.resolve("m.json"))) {
        net.writePortable(w, c);
      }
    }
    try (InputStream in = Files.newInputStream(tmp.resolve("m.safetensors"))) {
      assertThat(SafeTensors.read(in)).extracting(Tensor::name).startsWith("w0", "b0").endsWith("head_w", "head_b");
    }
    com.fasterxml.jackson.databind.JsonNode config = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(tmp.resolve("m.json").toFile());
    assertThat(config.path("format").asText()).isEqualTo(residual
        ? StandaloneNet.PORTABLE_FORMAT_RESIDUAL : StandaloneNet.PORTABLE_FORMAT);
    for (int b = 0; b < depth; b++) { // the first block maps the input to the units: never residual
      assertThat(config.path("blocks").get(b).path("residual").asBoolean()).as("block " + b).isEqualTo(residual && b > 0);
    }
    assertClose(torch.run("m", x, n), expected, "probabilities");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"djl, mlp", "dl4j, mlp", "djl, cnn", "dl4j, cnn"})
  void sweepNets(String backend, String kind) throws Exception {
    ModelSpec spec = new ModelSpec(kind, kind.equals("mlp") ? List.of(32, 16) : List.of(4, 8, 16),
        1, 28, 28, 10, 0.01);
    int n = 12;
    float[] x = pixels(n * spec.inputSize(), 3);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 10;
    }
    float[] expected;
    try (TrainableModel m = Backends.require(backend, TrainableModel.FAMILY, kind).build(spec, 7, ONE)) {
      for (int step = 0; step < 3; step++) {
        m.trainStep(x, y, n);
      }
      expected = m.probabilities(x, n);
      PortableModel p = m.portable();
      assertThat(p.parameterCount()).isEqualTo(m.parameterCount());
      torch.write(p, "m");
    }
    assertClose(torch.run("m", x, n), expected, "probabilities");
  }

  @ParameterizedTest
  @ValueSource(strings = {LmSpec.TRANSFORMER, LmSpec.LSTM})
  void hdeeExperts(String kind) throws Exception {
    LmSpec spec = lm(kind);
    int[][] rows = tokens(3, spec.context() + 1, 9);
    float[] expected;
    try (LanguageModel m = Backends.forKind(LanguageModel.FAMILY, kind).build(spec, 5, ONE)) {
      train(m, rows);
      expected = flat(m.targetLogProbs(rows));
      PortableModel p = m.portable();
      assertThat(p.parameterCount()).as("bias_hh of the LSTM is extra zeros")
          .isEqualTo(m.parameterCount() + (kind.equals(LmSpec.LSTM) ? 4L * spec.dModel() * spec.layers() : 0));
      torch.write(p, "m");
    }
    assertClose(torch.run(tmp.resolve("m.safetensors"), tmp.resolve("m.json"), rows), expected, "ln p of targets");
  }

  @Test
  void hdeeEnsembleUnderEveryCombiner() throws Exception {
    // Members of both kinds, saved as an hdee run saves them; the export reads them back from there.
    List<LmSpec> specs = List.of(lm(LmSpec.TRANSFORMER), lm(LmSpec.LSTM), lm(LmSpec.TRANSFORMER));
    int[][] rows = tokens(3, 13, 4);
    List<float[][]> byMember = new ArrayList<>();
    List<EnsembleArtifact.Member> members = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      LmSpec spec = specs.get(i);
      try (LanguageModel m = Backends.forKind(LanguageModel.FAMILY, spec.kind()).build(spec, 20 + i, ONE)) {
        train(m, tokens(4, spec.context() + 1, 30 + i));
        byMember.add(m.targetLogProbs(rows));
        Path file = tmp.resolve("run/units/e" + i + "/model.bin");
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
          m.save(out);
        }
      }
      members.add(new EnsembleArtifact.Member("d" + i, "s", spec, "units/e" + i + "/model.bin", 2, 1e6));
    }
    Map<String, double[]> priors = new LinkedHashMap<>();
    priors.put("d1", new double[] {0.2, 0.7, 0.1});
    EnsembleArtifact artifact = new EnsembleArtifact("heterogeneous", members,
        List.of("uniform", "posterior", "cached-prior", "top-1"), priors);
    Path out = Files.createDirectories(tmp.resolve("export"));
    FileSystem fs = FileSystem.getLocal(new Configuration());
    EnsembleExport.write(fs, new org.apache.hadoop.fs.Path(tmp.resolve("run").toUri()), artifact, out, ONE);

    for (String combiner : List.of("uniform", "posterior", "cached-prior", "top-1")) {
      float[] want = mixture(Combiner.of(combiner), byMember, rows.length, priors.get("d1"));
      String[] args = combiner.equals("cached-prior") ? new String[] {combiner, "d1"} : new String[] {combiner};
      assertClose(torch.run(Path.of("-"), out.resolve(EnsembleExport.FILE), rows, args), want,
          combiner + " mixture ln p");
    }
  }

  /** Flotilla's mixture of each row's expert log-probabilities, rows concatenated. */
  private static float[] mixture(Combiner c, List<float[][]> byMember, int rows, double[] prior) {
    List<Float> expected = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      float[][] lp = new float[byMember.size()][];
      for (int e = 0; e < lp.length; e++) {
        lp[e] = byMember.get(e)[r];
      }
      for (double v : c.mix(lp, prior)) {
        expected.add((float) v);
      }
    }
    float[] want = new float[expected.size()];
    for (int i = 0; i < want.length; i++) {
      want[i] = expected.get(i);
    }
    return want;
  }

  @Test
  void dfnFilteringNetworkBothTowers() throws Exception {
    // A small CLIP: 32 pixels in 16 patches, 2 ViT blocks of width 24 (3 heads), 2 causal text blocks.
    ClipSpec spec = new ClipSpec(32, 8, 24, 2, 3, 4, 16, 2, 2, 40, ClipSpec.CLIP_VOCAB, 12, null, 0.01);
    int n = 6;
    float[] images = pixels(n * spec.preprocessing().floats(), 8);
    List<String> captions = List.of("a photo of a trouser", "Sneaker, white", "a bag", "ankle boot",
        "shirt with 2 pockets and a very long caption that the context cuts", "a dress");
    long[] tokens = new WordTokenizer(spec.contextLength(), spec.vocabSize()).encode(captions);
    float[] expected;
    try (DjlClipModel m = Backends.forKind(DjlClipModel.FAMILY, ClipSpec.KIND).build(spec, 3, ONE)) {
      for (int step = 0; step < 3; step++) {
        m.step(images, tokens, n);
      }
      expected = m.similarities(images, n, tokens, n);
      PortableModel p = m.portable();
      assertThat(p.parameterCount()).isEqualTo(spec.parameterCount());
      torch.write(p, "m");
    }
    Path text = Files.writeString(tmp.resolve("captions.txt"), String.join("\n", captions));
    // Captions go in as text: the Python side hashes the same words and runs all 40 positions.
    assertClose(torch.run("m", images, n, text.toString()), expected, "image x caption similarities");
  }

  private static LmSpec lm(String kind) {
    return kind.equals(LmSpec.TRANSFORMER)
        ? new LmSpec(kind, 2, 16, 2, 32, 12, 0.01)
        : new LmSpec(kind, 2, 16, 0, 0, 12, 0.01);
  }

  private static void train(LanguageModel m, int[][] rows) {
    for (int step = 0; step < 3; step++) {
      m.trainStep(rows, 0.01);
    }
  }

  private static int[][] tokens(int rows, int len, long seed) {
    Random r = new Random(seed);
    int[][] out = new int[rows][len];
    for (int[] row : out) {
      row[0] = ByteTokens.DOC;
      for (int t = 1; t < len; t++) {
        row[t] = 'a' + r.nextInt(8);
      }
    }
    return out;
  }

  private static float[] flat(float[][] a) {
    int n = 0;
    for (float[] r : a) {
      n += r.length;
    }
    float[] out = new float[n];
    int i = 0;
    for (float[] r : a) {
      System.arraycopy(r, 0, out, i, r.length);
      i += r.length;
    }
    return out;
  }

  private static float[] pixels(int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextFloat();
    }
    return x;
  }

  private static void assertClose(float[] got, float[] expected, String what) {
    assertThat(TorchReference.maxAbsDiff(got, expected))
        .as("max |PyTorch - Flotilla| over %d %s", got.length, what).isLessThan(1e-5);
  }
}
