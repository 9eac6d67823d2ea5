package dev.flotilla.ensembles.hdee;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.lm.LmSpec;
import dev.flotilla.executors.lm.TokenWindows;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * Combines one plan's experts: for every evaluation domain, the cached prior from the valid
 * windows, then every combiner and every single expert on the test windows. Commits
 * {@code ensemble.json} (the artifact) and {@code evaluation.json} (bits per byte per domain and
 * model). Reads only the experts' saved log-probabilities: no model is run here.
 */
public record HdeeEnsembleUnit(PlanKind plan, List<Member> members, List<DomainRef> evaluate,
    List<String> trainDomains, List<String> combiners, int context, int evalWindows, int bootstrap)
    implements WorkUnit {

  public static final String KIND = "hdee-ensemble";
  public static final String EVALUATION = "evaluation.json";
  /** Coverage of the bootstrap intervals written with every score. */
  public static final double LEVEL = 0.95;

  /** An expert of the plan: its domain and its unit. */
  public record Member(String domain, String unit) {}

  public HdeeEnsembleUnit {
    members = List.copyOf(members);
    evaluate = List.copyOf(evaluate);
    trainDomains = List.copyOf(trainDomains);
    combiners = List.copyOf(combiners);
    combiners.forEach(Combiner::of); // refuse unknown names at plan time
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String name() {
    return "ensemble-" + plan.configName();
  }

  @Override
  public double cost() {
    return 1 + 0.002 * members.size() * evaluate.size() * evalWindows * combiners.size();
  }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    List<EnsembleScore> scores = new ArrayList<>();
    Map<String, double[]> priors = new LinkedHashMap<>();
    for (DomainRef d : evaluate) {
      scores.addAll(score(ctx, d, priors));
    }
    EnsembleArtifact artifact = new EnsembleArtifact(plan.configName(), artifactMembers(ctx), combiners, priors);
    try (OutputStream out = ctx.fs().create(new Path(ctx.outputDir(), EnsembleArtifact.FILE), false)) {
      artifact.write(out);
    }
    try (OutputStream out = ctx.fs().create(new Path(ctx.outputDir(), EVALUATION), false)) {
      Json.FILES.writeValue(out, scores);
    }
    Map<String, Double> meanBpb = new LinkedHashMap<>();
    for (String name : combiners) {
      meanBpb.put(name, scores.stream().filter(s -> s.model().equals(name))
          .mapToDouble(EnsembleScore::bitsPerByte).average().orElse(Double.NaN));
    }
    return UnitOutput.of(new EnsembleResult(meanBpb, plan.configName()));
  }

  /**
   * One domain: its cached prior from the valid windows (added to {@code priors}), then every
   * combiner and every single expert on the test windows.
   */
  private List<EnsembleScore> score(UnitContext ctx, DomainRef d, Map<String, double[]> priors) throws IOException {
    List<float[]>[] valid = load(ctx, d.name(), "valid");
    List<float[]>[] test = load(ctx, d.name(), "test");
    Corpus.Windows cw = Corpus.windows(ctx, d, "test", context + 1, evalWindows);
    List<int[]> windows = cw.tokens();
    if (windows.size() != test[0].size()) {
      throw new IllegalStateException("domain " + d.name() + ": " + windows.size() + " test windows but experts scored "
          + test[0].size());
    }
    List<float[][]> validSeqs = new ArrayList<>();
    for (int w = 0; w < valid[0].size(); w++) {
      validSeqs.add(column(valid, w));
    }
    double[] prior = Combiner.cachedPrior(validSeqs);
    priors.put(d.name(), prior);
    String role = trainDomains.contains(d.name()) ? "train" : "eval-only";
    List<EnsembleScore> scores = new ArrayList<>();
    // One resampling seed per domain: every model and every plan is resampled on the same windows.
    long seed = d.name().hashCode();
    for (String name : combiners) {
      Combiner c = Combiner.of(name);
      WindowScores m = new WindowScores(windows.size());
      for (int w = 0; w < windows.size(); w++) {
        m.addCounted(c.mix(column(test, w), prior), cw.targetBytes().get(w));
      }
      scores.add(score(d, role, name, m, seed));
    }
    for (int e = 0; e < members.size(); e++) {
      WindowScores m = new WindowScores(windows.size());
      for (int w = 0; w < windows.size(); w++) {
        m.addCounted(test[e].get(w), cw.targetBytes().get(w));
      }
      scores.add(score(d, role, "expert:" + members.get(e).domain(), m, seed));
    }
    return scores;
  }

  private EnsembleScore score(DomainRef d, String role, String model, WindowScores m, long seed) {
    double bpb = m.bitsPerByte();
    WindowScores.Interval ci = m.interval(bootstrap, LEVEL, seed);
    return new EnsembleScore(plan.configName(), d.name(), role, model, bpb, Math.pow(2, bpb), m.bytes(), m.windows(),
        ci.low(), ci.high());
  }

  /** The artifact's members: each expert's size, spec, steps and FLOPs from its model.json. */
  private List<EnsembleArtifact.Member> artifactMembers(UnitContext ctx) throws IOException {
    List<EnsembleArtifact.Member> out = new ArrayList<>();
    for (Member m : members) {
      JsonNode info;
      try (InputStream in = ctx.fs().open(new Path(ctx.committedOutput(m.unit()), LmTraining.MODEL_JSON))) {
        info = Json.FILES.readTree(in);
      }
      out.add(new EnsembleArtifact.Member(m.domain(), info.path("size").asText(),
          Json.FILES.treeToValue(info.get("spec"), LmSpec.class), "units/" + m.unit() + "/" + LmTraining.MODEL,
          info.path("steps").asLong(), info.path("flops").asDouble()));
    }
    return out;
  }

  /** Every expert's windows of one domain and split. */
  @SuppressWarnings("unchecked")
  private List<float[]>[] load(UnitContext ctx, String domain, String split) throws IOException {
    List<float[]>[] out = new List[members.size()];
    for (int e = 0; e < out.length; e++) {
      out[e] = EvalArrays.read(ctx.fs(), EvalArrays.file(ctx.committedOutput(members.get(e).unit()), domain, split), context);
      if (e > 0 && out[e].size() != out[0].size()) {
        throw new IllegalStateException(domain + "." + split + ": experts scored different numbers of windows");
      }
    }
    return out;
  }

  /** Window w of every expert: [expert][target]. */
  private static float[][] column(List<float[]>[] byExpert, int w) {
    float[][] c = new float[byExpert.length][];
    for (int e = 0; e < c.length; e++) {
      c[e] = byExpert[e].get(w);
    }
    return c;
  }
}
