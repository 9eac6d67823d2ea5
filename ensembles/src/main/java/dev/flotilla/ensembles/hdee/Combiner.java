package dev.flotilla.ensembles.hdee;

import java.util.Arrays;
import java.util.List;

/**
 * How an ensemble turns its experts' next-token probabilities into one (BTM, Li et al. 2022):
 *
 * <ul>
 *   <li>{@code uniform}: the plain average of the experts' probabilities;
 *   <li>{@code posterior}: Bayesian domain posterior with a uniform prior: before token t the
 *       weight of expert e is ∝ prior_e · p_e(x_0..x_{t-1}), its likelihood of the preceding
 *       tokens of the same sequence;
 *   <li>{@code cached-prior}: fixed weights, the posterior averaged over validation sequences of
 *       the evaluated domain ({@link #cachedPrior}; never estimated on test);
 *   <li>{@code top-k}: the posterior restricted to its k largest weights, renormalized.
 * </ul>
 *
 * All arithmetic is in log space; rows are expert log-probabilities (natural log) of one
 * sequence's targets.
 */
public record Combiner(String name, boolean bayesUpdate, boolean usesCachedPrior, int topK) {

  public static final Combiner UNIFORM = new Combiner("uniform", false, false, 0);
  public static final Combiner POSTERIOR = new Combiner("posterior", true, false, 0);
  public static final Combiner CACHED_PRIOR = new Combiner("cached-prior", false, true, 0);

  public static Combiner topK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("top-k needs k >= 1, got " + k);
    }
    return new Combiner("top-" + k, true, false, k);
  }

  /** Parses {@code uniform}, {@code posterior}, {@code cached-prior} or {@code top-K}. */
  public static Combiner of(String name) {
    return switch (name) {
      case "uniform" -> UNIFORM;
      case "posterior" -> POSTERIOR;
      case "cached-prior" -> CACHED_PRIOR;
      default -> {
        if (name.matches("top-\\d+")) {
          yield topK(Integer.parseInt(name.substring(4)));
        }
        throw new IllegalArgumentException("unknown combiner '" + name
            + "' (known: uniform, posterior, cached-prior, top-K)");
      }
    };
  }

  /**
   * Mixture log-probabilities of one sequence's targets.
   *
   * @param expert {@code expert[e][t]} = ln p_e(x_t | x_<t)
   * @param cachedPrior weights for {@code cached-prior} (ignored otherwise)
   */
  public double[] mix(float[][] expert, double[] cachedPrior) {
    int n = expert.length;
    int len = expert[0].length;
    double[] logWeight = initialLogWeights(n, cachedPrior);
    double[] out = new double[len];
    double[] terms = new double[n];
    for (int t = 0; t < len; t++) {
      double[] w = mixWeights(logWeight);
      for (int e = 0; e < n; e++) {
        terms[e] = w[e] + expert[e][t];
      }
      out[t] = logSumExp(terms);
      if (bayesUpdate) {
        for (int e = 0; e < n; e++) {
          logWeight[e] += expert[e][t];
        }
      }
    }
    return out;
  }

  /** Log weights before the first token: the cached prior, or uniform. */
  public double[] initialLogWeights(int experts, double[] cachedPrior) {
    double[] prior = usesCachedPrior ? checkPrior(cachedPrior, experts) : null;
    double[] logWeight = new double[experts];
    for (int e = 0; e < experts; e++) {
      logWeight[e] = usesCachedPrior ? Math.log(prior[e]) : -Math.log(experts);
    }
    return logWeight;
  }

  /** Normalized log weights from unnormalized ones, restricted to the top k where this combiner says so. */
  public double[] mixWeights(double[] logWeight) {
    double[] w = normalizedLog(logWeight);
    return topK > 0 && topK < w.length ? keepTop(w, topK) : w;
  }

  /**
   * The cached prior of a domain: the posterior (uniform start) after each validation sequence,
   * averaged over the sequences.
   *
   * @param sequences {@code sequences.get(i)[e][t]}: expert log-probabilities of sequence i
   */
  public static double[] cachedPrior(List<float[][]> sequences) {
    if (sequences.isEmpty()) {
      throw new IllegalArgumentException("a cached prior needs at least one validation sequence");
    }
    int n = sequences.get(0).length;
    double[] sum = new double[n];
    for (float[][] seq : sequences) {
      double[] logLik = new double[n];
      for (int e = 0; e < n; e++) {
        for (float v : seq[e]) {
          logLik[e] += v;
        }
      }
      double[] post = normalizedLog(logLik);
      for (int e = 0; e < n; e++) {
        sum[e] += Math.exp(post[e]);
      }
    }
    for (int e = 0; e < n; e++) {
      sum[e] /= sequences.size();
    }
    return sum;
  }

  private static double[] checkPrior(double[] prior, int n) {
    if (prior == null || prior.length != n) {
      throw new IllegalArgumentException("cached prior needs " + n + " weights, got "
          + (prior == null ? "none" : prior.length));
    }
    return prior;
  }

  /** log of weights normalized to sum to 1. */
  public static double[] normalizedLog(double[] logWeight) {
    double z = logSumExp(logWeight);
    double[] w = new double[logWeight.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = logWeight[i] - z;
    }
    return w;
  }

  /** The k largest weights (ties: lower expert index first), renormalized; the rest get zero. */
  private static double[] keepTop(double[] logW, int k) {
    Integer[] order = new Integer[logW.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(logW[b], logW[a])); // stable: ties keep index order
    double[] kept = new double[logW.length];
    Arrays.fill(kept, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < k; i++) {
      kept[order[i]] = logW[order[i]];
    }
    return normalizedLog(kept);
  }

  public static double logSumExp(double[] a) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : a) {
      max = Math.max(max, v);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double s = 0;
    for (double v : a) {
      s += Math.exp(v - max);
    }
    return max + Math.log(s);
  }
}
