package dev.flotilla.ensembles.hdee;

import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.lm.ByteTokens;
import dev.flotilla.executors.lm.LanguageModel;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An ensemble loaded for use from Java (a notebook, jshell, a service): scores text in bits per
 * byte and samples text, combining its experts as its {@link Combiner} says. Not thread-safe;
 * close it to free the members' native memory.
 *
 * <pre>{@code
 * try (LiveEnsemble e = LiveEnsemble.open(fs, runDir, "heterogeneous", Combiner.POSTERIOR, null,
 *     ComputeBudget.wholeMachine())) {
 *   double bpb = e.bitsPerByte("public static void main(String[] args) {");
 *   String more = e.sample("The Debian project ", 200, 0.8, 42);
 * }
 * }</pre>
 */
public final class LiveEnsemble implements AutoCloseable {

  private final EnsembleArtifact artifact;
  private final List<LanguageModel> members;
  private final Combiner combiner;
  private final double[] prior;
  private final int context;

  private LiveEnsemble(EnsembleArtifact artifact, List<LanguageModel> members, Combiner combiner, double[] prior) {
    this.artifact = artifact;
    this.members = members;
    this.combiner = combiner;
    this.prior = prior;
    this.context = members.stream().mapToInt(m -> m.spec().context()).min().orElseThrow();
  }

  /**
   * Loads a plan's ensemble from a run directory ({@code <run>/ensembles/<plan>/ensemble.json}).
   *
   * @param priorDomain for {@code cached-prior}: the domain whose cached prior to use (else null)
   * @param budget the cores the members compute with
   */
  public static LiveEnsemble open(FileSystem fs, Path runDir, String plan, Combiner combiner, String priorDomain,
      ComputeBudget budget) throws IOException {
    return open(fs, runDir, EnsembleArtifact.read(fs, new Path(runDir, "ensembles/" + plan + "/" + EnsembleArtifact.FILE)),
        combiner, priorDomain, budget);
  }

  public static LiveEnsemble open(FileSystem fs, Path runDir, EnsembleArtifact artifact, Combiner combiner,
      String priorDomain, ComputeBudget budget) throws IOException {
    for (EnsembleArtifact.Member m : artifact.members()) {
      if (m.spec().vocab() != 0) {
        throw new IllegalArgumentException("expert " + m.model() + " reads a tokenizer's " + m.spec().vocab()
            + " ids; live scoring and sampling take byte-level ensembles only (hdee.tokenizer.kind = bytes)");
      }
    }
    double[] prior = null;
    if (combiner.usesCachedPrior()) {
      prior = artifact.cachedPriors().get(priorDomain);
      if (prior == null) {
        throw new IllegalArgumentException("no cached prior for domain '" + priorDomain + "' (known: "
            + artifact.cachedPriors().keySet() + ")");
      }
    }
    List<LanguageModel> models = new ArrayList<>();
    try {
      for (EnsembleArtifact.Member m : artifact.members()) {
        try (InputStream in = fs.open(new Path(runDir, m.model()))) {
          models.add(Backends.forKind(LanguageModel.FAMILY, m.spec().kind()).restore(m.spec(), in, budget));
        }
      }
    } catch (IOException | RuntimeException e) {
      models.forEach(LanguageModel::close);
      throw e;
    }
    return new LiveEnsemble(artifact, models, combiner, prior);
  }

  public EnsembleArtifact artifact() {
    return artifact;
  }

  /** Bits per byte of {@code text}, scored as one document in windows of the members' context. */
  public double bitsPerByte(String text) {
    List<int[]> windows = windows(document(text));
    // Each member scores all windows in batches (one native call per batch, not per window).
    List<float[][]> byMember = new ArrayList<>();
    for (LanguageModel m : members) {
      byMember.add(scoreAll(m, windows));
    }
    ByteMetrics metrics = new ByteMetrics();
    for (int w = 0; w < windows.size(); w++) {
      float[][] lp = new float[members.size()][];
      for (int e = 0; e < lp.length; e++) {
        lp[e] = byMember.get(e)[w];
      }
      int[] window = windows.get(w);
      metrics.add(combiner.mix(lp, prior), Arrays.copyOfRange(window, 1, window.length));
    }
    return metrics.bitsPerByte();
  }

  /** Consecutive windows of context+1 tokens overlapping by one (every token after the first is a target once). */
  private List<int[]> windows(int[] doc) {
    List<int[]> out = new ArrayList<>();
    for (int start = 0; start + 1 < doc.length; start += context) {
      out.add(Arrays.copyOfRange(doc, start, Math.min(doc.length, start + context + 1)));
    }
    return out;
  }

  private static final int BATCH = 32;

  private static float[][] scoreAll(LanguageModel m, List<int[]> windows) {
    float[][] out = new float[windows.size()][];
    int i = 0;
    while (i < windows.size()) {
      int j = i;
      while (j < windows.size() && j - i < BATCH && windows.get(j).length == windows.get(i).length) {
        j++;
      }
      float[][] lp = m.targetLogProbs(windows.subList(i, j).toArray(int[][]::new));
      System.arraycopy(lp, 0, out, i, j - i);
      i = j;
    }
    return out;
  }

  /**
   * Continues {@code prompt} by up to {@code maxBytes} sampled bytes (stops at a document
   * marker). The combiner's weights follow the text generated so far, as in scoring.
   */
  public String sample(String prompt, int maxBytes, double temperature, long seed) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
    }
    Random r = new Random(seed);
    int n = members.size();
    double[] logWeight = combiner.initialLogWeights(n, prior);
    List<Integer> tokens = new ArrayList<>();
    for (int t : document(prompt)) {
      tokens.add(t);
    }
    if (combiner.bayesUpdate()) {
      List<int[]> windows = windows(document(prompt));
      for (int e = 0; e < n; e++) {
        for (float[] row : scoreAll(members.get(e), windows)) {
          for (float v : row) {
            logWeight[e] += v;
          }
        }
      }
    }
    byte[] out = new byte[maxBytes];
    int produced = 0;
    while (produced < maxBytes) {
      int[] prefix = tokens.stream().mapToInt(Integer::intValue).toArray();
      float[][] next = new float[n][];
      for (int e = 0; e < n; e++) {
        next[e] = members.get(e).nextLogProbs(prefix);
      }
      double[] w = combiner.mixWeights(logWeight);
      double[] p = new double[ByteTokens.VOCAB];
      for (int v = 0; v < p.length; v++) {
        double[] terms = new double[n];
        for (int e = 0; e < n; e++) {
          terms[e] = w[e] + next[e][v];
        }
        p[v] = Combiner.logSumExp(terms) / temperature;
      }
      int token = draw(p, r);
      if (token == ByteTokens.DOC || token == ByteTokens.PAD) {
        break;
      }
      if (combiner.bayesUpdate()) {
        for (int e = 0; e < n; e++) {
          logWeight[e] += next[e][token];
        }
      }
      tokens.add(token);
      out[produced++] = (byte) token;
    }
    return new String(out, 0, produced, StandardCharsets.UTF_8);
  }

  private static int draw(double[] logits, Random r) {
    double max = Arrays.stream(logits).max().orElseThrow();
    double total = 0;
    double[] p = new double[logits.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      total += p[i];
    }
    double u = r.nextDouble() * total;
    for (int i = 0; i < p.length; i++) {
      u -= p[i];
      if (u <= 0) {
        return i;
      }
    }
    return p.length - 1;
  }

  private static int[] document(String text) {
    int[] bytes = ByteTokens.encode(text);
    int[] doc = new int[bytes.length + 1];
    doc[0] = ByteTokens.DOC;
    System.arraycopy(bytes, 0, doc, 1, bytes.length);
    return doc;
  }

  @Override
  public void close() {
    members.forEach(LanguageModel::close);
  }
}
