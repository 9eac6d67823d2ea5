package dev.flotilla.bench;

import dev.flotilla.executors.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.flotilla.datafiltering.dfn.DfnCurateUnit;
import dev.flotilla.datafiltering.dfn.DfnKeepUnit;
import dev.flotilla.datafiltering.dfn.DfnThresholdUnit;
import dev.flotilla.datafiltering.dfn.DfnScoreUnit;
import dev.flotilla.datafiltering.dfn.DfnTrainUnit;
import dev.flotilla.datafiltering.model.ByteTokenizer;
import dev.flotilla.datafiltering.model.ClipSpec;
import dev.flotilla.datafiltering.model.DjlClipModel;
import dev.flotilla.datafiltering.model.ClipPreprocessing;
import dev.flotilla.datafiltering.pool.PoolMaker;
import dev.flotilla.driver.EngineSettings;
import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.SparkSessions;
import dev.flotilla.driver.manifest.AttemptRecord;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.report.Report;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.NamedArrays;
import dev.flotilla.executors.backend.djl.MklIsaDispatch;
import dev.flotilla.executors.backend.djl.TorchThreads;
import dev.flotilla.executors.unit.ComputeBudget;
import dev.flotilla.executors.unit.UnitCache;
import dev.flotilla.executors.unit.WorkUnit;
import dev.flotilla.jobs.JobKinds;
import dev.flotilla.jobs.config.EngineConfig;
import dev.flotilla.jobs.config.JobConfig;
import dev.flotilla.jobs.dfn.DfnJob;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The DFN benchmark behind {@code scripts/bench-dfn}. {@code model}: the built-in CLIP's scoring
 * throughput on one thread at a size whose GEMMs are at least 192 wide (the network alone, and
 * with tokenizing), its portable export and a check batch written for the PyTorch peer
 * ({@code bench/peer_dfn.py}). {@code
 * scale}: a pool of N pairs built as files, then trained on, scored and curated by the dfn job's
 * own units on a Spark master, with peak resident memory of the driver and each executor JVM.
 * Each prints one JSON line.
 */
@Command(name = "dfn-bench", subcommands = {DfnBench.Model.class, DfnBench.TorchScript.class, DfnBench.Preprocess.class, DfnBench.Scale.class})
public final class DfnBench {

  public static void main(String[] args) {
    int code = new CommandLine(new DfnBench())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          e.printStackTrace(cmd.getErr());
          cmd.getErr().println("dfn-bench: " + e);
          return 1;
        })
        .execute(args);
    System.exit(code);
  }

  /** The median of {@code seconds} (sorted in place). */
  static double median(List<Double> seconds) {
    java.util.Collections.sort(seconds);
    int mid = seconds.size() / 2;
    return seconds.size() % 2 == 1 ? seconds.get(mid) : (seconds.get(mid - 1) + seconds.get(mid)) / 2;
  }

  static String json(Map<String, Object> m) throws IOException {
    return Json.PLAIN.writeValueAsString(m);
  }

  @Command(name = "torchscript", description = "scoring pairs/s of a TorchScript CLIP as the dfn job loads it")
  static final class TorchScript implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "holds clip.pt (bench/peer_dfn.py torchscript) and check.bin")
    Path dir;
    @Option(names = "--graph-optimize", defaultValue = "true", arity = "1",
        description = "libtorch's graph executor optimization on this thread (profiling and specialising runs)")
    boolean graphOptimize;
    @Mixin
    StepTimer timer = new StepTimer();

    @Override
    public Integer call() throws Exception {
      Map<String, NamedArrays.Named> check;
      try (var in = new java.io.DataInputStream(Files.newInputStream(dir.resolve("check.bin")))) {
        check = NamedArrays.read(in);
      }
      float[] x = check.get("images").data();
      float[] ids = check.get("tokens").data();
      long[] shape = check.get("tokens").shape();
      int batch = (int) shape[0];
      long[] tokens = new long[ids.length];
      for (int i = 0; i < ids.length; i++) {
        tokens[i] = (long) ids[i];
      }
      int imageSize = (int) Math.round(Math.sqrt(check.get("images").shape()[1] / 3.0));
      Map<String, Object> out = new LinkedHashMap<>();
      try (var m = dev.flotilla.datafiltering.model.TorchScriptClip.load(dir.resolve("clip.pt").toUri().toString(),
          new Configuration(), imageSize, (int) shape[1], ComputeBudget.ofCpus(timer.threads))) {
        ai.djl.pytorch.jni.JniUtils.setGraphExecutorOptimize(graphOptimize); // thread-local in libtorch
        float[] scores = m.scorePairs(x, tokens, batch);
        float[] expected = check.get("scores").data();
        double maxDiff = 0;
        for (int i = 0; i < batch; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(scores[i] - expected[i]));
        }
        StepTimer.Timed t = timer.run(step -> {
          m.scorePairs(x, tokens, batch);
          return Double.NaN;
        });
        out.put("side", "djl");
        out.put("model", "torchscript");
        out.put("graph_optimize", graphOptimize);
        out.put("threads", timer.threads);
        out.put("batch", batch);
        out.put("pairs_per_s", t.perSecond(batch));
        out.put("timed_batches", t.timedSteps());
        out.put("max_abs_diff_vs_built_in", maxDiff);
        out.put("mkl_branch", MklIsaDispatch.branch().orElse("none"));
      }
      System.out.println(json(out));
      return 0;
    }
  }

  @Command(name = "preprocess", description = "decode + CLIP preprocessing images/s on one thread")
  static final class Preprocess implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "image files (read into memory first)")
    Path dir;
    @Option(names = "--size", defaultValue = "224")
    int size;
    @Mixin
    StepTimer timer = new StepTimer(); // one step = one image

    @Override
    public Integer call() throws Exception {
      List<byte[]> blobs = new ArrayList<>();
      try (var files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().matches(".*\\.(jpe?g|png)")).sorted().toList()) {
          blobs.add(Files.readAllBytes(f));
        }
      }
      // What the scoring unit does per pair: decode, RGB, shorter side to size (bicubic), centre
      // crop, normalise into the batch's floats.
      ClipPreprocessing pre = ClipPreprocessing.clip(size);
      float[] x = new float[pre.floats()];
      int[] source = new int[2];
      for (byte[] b : blobs) {
        if (pre.apply(b, x, 0, source).isPresent()) {
          throw new IllegalStateException("an image of " + dir + " does not decode");
        }
      }
      StepTimer.Timed t = timer.run(step -> {
        pre.apply(blobs.get(step % blobs.size()), x, 0, source);
        return Double.NaN;
      });
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("side", "flotilla");
      out.put("images", t.timedSteps());
      out.put("distinct_files", blobs.size());
      out.put("images_per_s", t.perSecond(1));
      out.put("ms_per_image", 1000 * t.seconds() / t.timedSteps());
      out.put("size", size);
      System.out.println(json(out));
      return 0;
    }
  }

  @Command(name = "model", description = "scoring pairs/s of the built-in CLIP on one thread")
  static final class Model implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "where the weights and the check batch go")
    Path dir;
    @Option(names = "--batch", defaultValue = "256")
    int batch;
    @Mixin
    StepTimer timer = new StepTimer(); // one step = one batch scored
    @Option(names = "--data", defaultValue = "/usr/share/datasets/fashion-mnist")
    String data;
    // A CLIP whose GEMMs are all at least 192 wide: 256 x 4 layers x 4 heads per tower, 64 pixels
    // in 16 patches (17 tokens), captions of up to 77 byte tokens.
    @Option(names = "--image-size", defaultValue = "64")
    int imageSize;
    @Option(names = "--patch-size", defaultValue = "16")
    int patchSize;
    @Option(names = "--width", defaultValue = "256")
    int width;
    @Option(names = "--layers", defaultValue = "4")
    int layers;
    @Option(names = "--heads", defaultValue = "4")
    int heads;

    @Override
    public Integer call() throws Exception {
      ComputeBudget budget = ComputeBudget.ofCpus(timer.threads); // the model applies it per batch
      ClipSpec spec = new ClipSpec(imageSize, patchSize, width, layers, heads, 4, width, layers, heads, 77,
          ClipSpec.CLIP_VOCAB, width, ClipSpec.BYTES, 1e-3); // byte tokens, as the peer reads them
      ClipPreprocessing pre = spec.preprocessing();
      PoolMaker maker = new PoolMaker(dev.flotilla.executors.data.ImageData.train(UnitCache.none(), data, 0,
          new Configuration()).tail(10_000), new double[] {0.4, 0.25, 0.2, 0.15}, 7);
      float[] x = new float[batch * pre.floats()];
      List<String> texts = new ArrayList<>();
      int[] size = new int[2];
      List<byte[]> pngs = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        var s = maker.make(60_000 + i).sample(); // augmented copies, as most of a big pool is
        pngs.add(s.image());
        texts.add(s.text());
      }
      // Decoding and CLIP preprocessing, as the scoring unit does it: the last of 20 passes (JIT warm).
      long decodeNanos = 0;
      for (int pass = 0; pass < 20; pass++) {
        long t = System.nanoTime();
        for (int i = 0; i < batch; i++) {
          if (pre.apply(pngs.get(i), x, i, size).isPresent()) {
            throw new IllegalStateException("pool image does not decode");
          }
        }
        decodeNanos = System.nanoTime() - t;
      }
      ByteTokenizer tokenizer = new ByteTokenizer(spec.contextLength());
      long[] tokens = tokenizer.encode(texts);
      Files.createDirectories(dir);
      Map<String, Object> out = new LinkedHashMap<>();
      try (DjlClipModel m = Backends.forKind(DjlClipModel.FAMILY, ClipSpec.KIND).build(spec, 1, budget)) {
        try (OutputStream w = Files.newOutputStream(dir.resolve("clip.safetensors"));
             OutputStream c = Files.newOutputStream(dir.resolve("clip.json"))) {
          m.portable().write(w, c); // the peer rebuilds the same network from its portable export
        }
        float[] scores = m.scorePairs(x, tokens, batch);
        float[] ids = new float[tokens.length]; // ids < 2^24: exact as float32
        for (int i = 0; i < ids.length; i++) {
          ids[i] = tokens[i];
        }
        Map<String, NamedArrays.Named> check = new LinkedHashMap<>();
        check.put("images", new NamedArrays.Named("images", new long[] {batch, pre.floats()}, x));
        check.put("tokens", new NamedArrays.Named("tokens", new long[] {batch, spec.contextLength()}, ids));
        check.put("scores", new NamedArrays.Named("scores", new long[] {batch}, scores));
        try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(dir.resolve("check.bin")))) {
          NamedArrays.write(o, check);
        }
        StepTimer.Timed forwardTimed = timer.run(step -> {
          m.scorePairs(x, tokens, batch);
          return Double.NaN;
        });
        long batches = forwardTimed.timedSteps();
        double forward = forwardTimed.perSecond(batch);
        // With tokenizing: half the seconds, at least 3 batches, warm already.
        double pairs = timer.withRule(0, 3, timer.minSeconds / 2).run(step -> {
          m.scorePairs(x, tokenizer.encode(texts), batch);
          return Double.NaN;
        }).perSecond(batch);
        int longest = 0;
        for (int i = 0; i < batch; i++) {
          for (int j = 0; j < spec.contextLength(); j++) {
            longest = tokens[i * spec.contextLength() + j] == ByteTokenizer.END ? Math.max(longest, j + 1) : longest;
          }
        }
        out.put("side", "djl");
        out.put("threads", timer.threads);
        out.put("batch", batch);
        out.put("pairs_per_s", forward);
        out.put("pairs_per_s_with_tokenizing", pairs);
        out.put("preprocess_us_per_pair", decodeNanos / 1e3 / batch);
        out.put("timed_batches", batches);
        out.put("text_tokens", longest); // the text tower runs up to the batch's last end of text
        out.put("macs_per_pair", spec.macsPerPair(longest));
        // A TorchScript CLIP runs every caption at the full context (its positional embedding has
        // that length), so its rows count these.
        out.put("macs_per_pair_full_context", spec.macsPerPair(spec.contextLength()));
        out.put("parameters", m.parameterCount());
        out.put("spec", spec.toString());
        // The sgemm libtorch itself reaches on this thread (MKL, at the branch it chose), beside
        // Debian's OpenBLAS figure the peak is also taken from.
        out.put("mkl_branch", MklIsaDispatch.branch().orElse("none"));
        out.put("mkl_isa_dispatch", MklIsaDispatch.active());
        out.put("library_sgemm_gflops_n2048", libtorchSgemm(2048, timer.minSeconds / 2));
      }
      System.out.println(json(out));
      return 0;
    }
  }

  /** libtorch's float32 n x n matrix product GFLOP/s on the calling thread, over at least the seconds. */
  static double libtorchSgemm(int n, double seconds) {
    try (NDManager m = NDManager.newBaseManager(TorchThreads.engine().defaultDevice(), "PyTorch")) {
      NDArray a = m.randomNormal(new Shape(n, n));
      NDArray b = m.randomNormal(new Shape(n, n));
      a.matMul(b).close();
      long start = System.nanoTime();
      int reps = 0;
      do {
        a.matMul(b).close();
        reps++;
      } while (System.nanoTime() - start < seconds * 1e9);
      return 2.0 * n * n * n * reps / ((System.nanoTime() - start) / 1e9) / 1e9;
    }
  }

  /** The units of a dfn job of the given kinds (no downstream evaluation: it is not about the pool's size). */
  record UnitsOf(DfnJob job, Set<String> kinds) implements JobSpec {
    @Override public String kind() { return "dfn-scale-bench"; }
    @Override public EngineSettings engine() { return job.engine(); }
    @Override public Map<String, Object> config() { return job.config(); }
    @Override public Plan plan() {
      return new Plan(job.plan().units().stream().filter(u -> kinds.contains(u.kind())).toList());
    }
    @Override public Map<String, Object> describe(WorkUnit unit) { return job.describe(unit); }
    @Override public void merge(MergeContext run, Report report) {
      report.paragraph("Scale benchmark run: the dfn job's " + kinds + " units.");
    }
  }

  /**
   * The filtering network of the scale runs: a small CLIP, so 10^7 pairs score in minutes on two
   * cores. The scale runs measure how time and memory grow with the pool; the network's own
   * speed at a realistic size is the {@code model} measurement.
   */
  static final String SCALE_MODEL = "width = 32, layers = 1, heads = 2, text-width = 16, text-layers = 1, "
      + "text-heads = 2, embed-dim = 16";

  @Command(name = "scale", description = "train, score and curate the first N pairs of a pool (from "
      + "`flotilla pool make`) with the dfn job's own units")
  static final class Scale implements Callable<Integer> {
    /** How often the executors' peak resident set is read. */
    private static final long SAMPLE_MILLIS = 1000;

    @Option(names = "--pool", required = true, description = "pool directory (shard-NNNNN.<ext> files)")
    Path pool;
    @Option(names = "--pairs", required = true, description = "pairs to score: a multiple of --shard-size")
    long pairs;
    @Option(names = "--shard-size", required = true)
    int shardSize;
    @Option(names = "--work", required = true, description = "scratch dir for the run")
    Path work;
    @Option(names = "--master", defaultValue = "local-cluster[2,1,2048]")
    String master;
    @Option(names = "--gc-logs", description = "folder for the executors' GC logs (gc-executor-PID.log)")
    Path gcLogs;

    @Override
    public Integer call() throws Exception {
      if (pairs % shardSize != 0) {
        throw new IllegalArgumentException("--pairs must be a multiple of --shard-size");
      }
      Map<String, Object> out = new LinkedHashMap<>();
      // The first pairs / shardSize shards, as a Hadoop glob alternation {shard-00000,...}.
      List<String> names = new ArrayList<>();
      String ext = null;
      for (int i = 0; i < pairs / shardSize; i++) {
        String name = String.format("shard-%05d", i);
        try (var match = Files.list(pool)) {
          Path f = match.filter(p -> p.getFileName().toString().startsWith(name + ".")).findFirst()
              .orElseThrow(() -> new IllegalArgumentException("pool " + pool + " has no " + name));
          ext = f.getFileName().toString().substring(name.length() + 1);
        }
        names.add(name);
      }
      String input = pool.toUri() + "/{" + String.join(",", names) + "}." + ext;
      out.put("pairs", pairs);
      out.put("format", ext);
      out.put("shard_size", shardSize);
      JobSpec dfn = JobKinds.fromConfig(JobConfig.withOverrides(ConfigFactory.parseString("""
          job = dfn
          engine { run-dir = "%s", master = "%s", progress = false, checkpoint-every = 1000 }
          dfn { pool.input = "%s", train.steps = 20, downstream.subsets = [] }
          dfn.model { %s }
          """.formatted(work.resolve("run").toUri(), master, input, SCALE_MODEL)), List.of(), "dfn-bench"));
      UnitsOf job = new UnitsOf((DfnJob) dfn, Set.of(DfnTrainUnit.KIND, DfnScoreUnit.KIND,
          DfnThresholdUnit.KIND, DfnKeepUnit.KIND, DfnCurateUnit.KIND));
      SparkConf conf = SparkSessions.conf(job.engine(), "flotilla-bench-dfn").set("spark.ui.enabled", "false");
      if (gcLogs != null) {
        // The heap after each collection bounds what an executor really holds; RSS also counts
        // heap the collector kept committed.
        Files.createDirectories(gcLogs);
        conf.set("spark.executor.extraJavaOptions", conf.get("spark.executor.extraJavaOptions", "")
            + " -Xlog:gc:file=" + gcLogs.resolve("gc-executor-%p.log")
            // An executor JVM that dies leaves its reason beside its GC log.
            + " -XX:ErrorFile=" + gcLogs.resolve("hs_err_executor_%p.log")
            // What the JVM itself has committed (heap, metaspace, threads, GC...), so that the
            // rest of an executor's RSS is known to be libtorch's and other native allocations.
            + " -XX:NativeMemoryTracking=summary");
      }
      String jars = System.getProperty("flotilla.jars", "");
      if (!jars.isEmpty()) {
        conf.set("spark.jars", jars);
      }
      SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
      String appId = spark.sparkContext().applicationId();
      Map<Long, Long> executorPeakKb = new ConcurrentHashMap<>();
      Map<Long, Long> executorPeakAt = new ConcurrentHashMap<>();
      long[] driverPeak = {0, 0}; // KB, and when it was seen to rise
      Thread sampler = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          sampleExecutors(appId, executorPeakKb, executorPeakAt);
          long kb = ProcStatus.kb("self", "VmHWM");
          if (kb > driverPeak[0]) {
            driverPeak[0] = kb;
            driverPeak[1] = System.currentTimeMillis();
          }
          try {
            Thread.sleep(SAMPLE_MILLIS);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "executor-memory-sampler");
      sampler.setDaemon(true);
      sampler.start();
      try {
        long r0 = System.nanoTime();
        long runStart = System.currentTimeMillis();
        RunManifest m = Flotilla.run(spark, job);
        double wall = (System.nanoTime() - r0) / 1e9;
        sampleExecutors(appId, executorPeakKb, executorPeakAt);
        // Per executor JVM, by pid: its peak RSS, and what it still holds once everything it no
        // longer needs is collected (peak RSS and the heap after a young collection also count
        // garbage G1 has not yet marked, which a longer run accumulates whether or not anything
        // leaks), its RSS then, and what the JVM itself has committed (the rest of its RSS is
        // libtorch's and other native memory). Also the units it ran, by kind, and the kinds
        // running on it in the sampling second its peak was seen: an executor's peak depends on
        // what the scheduler gave it (only one runs the threshold unit and the join).
        List<Map<String, Object>> executors = new ArrayList<>();
        for (long pid : new java.util.TreeSet<>(executorPeakKb.keySet())) {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("pid", pid);
          e.put("peak_rss_mb", executorPeakKb.get(pid) / 1024.0);
          Double live = liveHeapMb(pid);
          Long rss = live == null ? null : rssKb(pid);
          Double jvm = live == null || gcLogs == null ? null : jvmCommittedMb(pid);
          if (live != null && rss != null) {
            e.put("live_heap_mb", live);
            e.put("rss_at_end_mb", rss / 1024.0);
            if (jvm != null) {
              e.put("jvm_committed_mb", jvm);
              e.put("nmt_mb", nmtMb(pid));
            }
          }
          Map<String, Integer> ran = new java.util.TreeMap<>();
          java.util.Set<String> atPeak = new java.util.TreeSet<>();
          long peakAt = executorPeakAt.getOrDefault(pid, 0L);
          for (UnitEntry u : m.units.values()) {
            for (AttemptRecord a : u.attempts) {
              if (a.pid() == pid) {
                ran.merge(u.kind, 1, Integer::sum);
                if (a.startMillis() <= peakAt && a.endMillis() >= peakAt - SAMPLE_MILLIS) {
                  atPeak.add(u.kind);
                }
              }
            }
          }
          e.put("units", ran);
          e.put("peak_during", List.copyOf(atPeak));
          executors.add(e);
        }
        out.put("executors", executors);
        out.put("native_memory_tracking", gcLogs != null);
        long first = Long.MAX_VALUE;
        long last = 0;
        double busy = 0;
        double scored = 0;
        int units = 0;
        List<Double> unitSeconds = new ArrayList<>();
        // The curation: from the threshold unit's start to the joining unit's end, with the
        // keep units (one per shard, in parallel) between them.
        long curateFirst = Long.MAX_VALUE;
        long curateLast = 0;
        List<Double> keepSeconds = new ArrayList<>();
        for (UnitEntry u : m.units.values()) {
          AttemptRecord a = u.attempts.get(u.attempts.size() - 1);
          double seconds = (a.endMillis() - a.startMillis()) / 1000.0;
          switch (u.kind) {
            case DfnThresholdUnit.KIND -> {
              curateFirst = Math.min(curateFirst, a.startMillis());
              out.put("threshold_s", seconds);
            }
            case DfnKeepUnit.KIND -> keepSeconds.add(seconds);
            case DfnCurateUnit.KIND -> {
              curateLast = Math.max(curateLast, a.endMillis());
              out.put("curate_executor_pid", a.pid());
              out.put("join_s", seconds);
              out.put("curated", u.metrics.get("kept"));
              out.put("duplicate_uids", u.metrics.get("duplicate_uids"));
            }
            default -> { }
          }
        }
        if (curateLast > 0 && curateFirst < Long.MAX_VALUE) {
          out.put("curate_s", (curateLast - curateFirst) / 1000.0);
        }
        if (!keepSeconds.isEmpty()) {
          out.put("keep_unit_median_s", median(keepSeconds));
        }
        for (UnitEntry u : m.units.values()) {
          if (!u.kind.equals(DfnScoreUnit.KIND)) {
            continue;
          }
          units++;
          scored += u.metrics.getOrDefault("scored", 0.0);
          AttemptRecord a = u.attempts.get(u.attempts.size() - 1);
          first = Math.min(first, a.startMillis());
          last = Math.max(last, a.endMillis());
          busy += (a.endMillis() - a.startMillis()) / 1000.0;
          unitSeconds.add((a.endMillis() - a.startMillis()) / 1000.0);
        }
        // The median scoring unit: the steady per-shard time, without the first units' model
        // loading and JIT warm-up, which a small pool's span carries over fewer units.
        if (!unitSeconds.isEmpty()) {
          out.put("score_unit_median_s", median(unitSeconds));
        }
        double span = (last - first) / 1000.0;
        int slots = EngineConfig.slotsOf(master, 1);
        out.put("master", master);
        out.put("slots", slots);
        out.put("score_units", units);
        out.put("scored", (long) scored);
        out.put("scoring_span_s", span);
        out.put("run_wall_s", wall);
        out.put("pairs_per_s", scored / span);
        out.put("pairs_per_s_per_core", scored / span / slots);
        out.put("unit_busy_s", busy);
        out.put("driver_peak_rss_mb", ProcStatus.kb("self", "VmHWM") / 1024.0);
        // With tracking on (scripts/bench-dfn turns it on), what the driver JVM itself holds.
        Map<String, Double> driverNmt = nmtMb(ProcessHandle.current().pid());
        if (driverPeak[1] > 0) {
          out.put("driver_peak_seen_at_s", (driverPeak[1] - runStart) / 1000.0); // from the run's start
        }
        if (!driverNmt.isEmpty()) {
          out.put("driver_rss_at_end_mb", ProcStatus.kb("self", "VmRSS") / 1024.0);
          out.put("driver_nmt_mb", driverNmt);
        }
        out.put("driver_heap_max_mb", Runtime.getRuntime().maxMemory() / 1048576.0);
        List<Double> exec = new ArrayList<>();
        new java.util.TreeMap<>(executorPeakKb).values().forEach(kb -> exec.add(kb / 1024.0));
        out.put("executor_peak_rss_mb", exec);
        out.put("executor_jvms", exec.size());
      } finally {
        sampler.interrupt();
        spark.stop();
      }
      System.out.println(json(out));
      return 0;
    }

    /**
     * The live heap of a running JVM in MB: {@code jcmd PID GC.class_histogram} collects the whole
     * heap first and totals what survives; null when the JVM has ended.
     */
    private static Double liveHeapMb(long pid) {
      String text = jcmd(pid, "GC.class_histogram");
      for (String line : text == null ? List.<String>of() : text.lines().toList()) {
        String[] f = line.trim().split("\\s+");
        if (f.length == 3 && f[0].equals("Total")) {
          return Long.parseLong(f[2]) / 1048576.0;
        }
      }
      return null;
    }

    /**
     * Native memory tracking's categories of a running JVM (Java Heap, Class, Thread, Other: direct
     * buffers, ...): committed MB now, and for those whose malloc has been higher, that peak as
     * "NAME peak"; empty if tracking is off or the JVM has ended. jcmd prints KB.
     */
    private static Map<String, Double> nmtMb(long pid) {
      String text = jcmd(pid, "VM.native_memory", "summary");
      Map<String, Double> out = new LinkedHashMap<>();
      String category = null;
      for (String line : text == null ? List.<String>of() : text.lines().toList()) {
        java.util.regex.Matcher c = CATEGORY.matcher(line);
        if (c.find()) {
          category = c.group(1).trim();
          out.put(category, Long.parseLong(c.group(2)) / 1024.0);
          continue;
        }
        java.util.regex.Matcher p = MALLOC_PEAK.matcher(line);
        if (category != null && p.find()) {
          out.put(category + " peak", Long.parseLong(p.group(1)) / 1024.0);
        }
      }
      return out;
    }

    private static final java.util.regex.Pattern CATEGORY =
        java.util.regex.Pattern.compile("^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)");
    private static final java.util.regex.Pattern MALLOC_PEAK =
        java.util.regex.Pattern.compile("^\\s+\\(malloc=\\d+KB #\\d+\\) \\(peak=(\\d+)KB #\\d+\\)");

    /** Memory the JVM has committed (native memory tracking's total), in MB; null if unknown. */
    private static Double jvmCommittedMb(long pid) {
      String text = jcmd(pid, "VM.native_memory", "summary");
      java.util.regex.Matcher m = text == null ? null
          : java.util.regex.Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(text);
      return m != null && m.find() ? Long.parseLong(m.group(1)) / 1024.0 : null;
    }

    /** A JVM's resident set now, in KB; null once it has ended. */
    private static Long rssKb(long pid) {
      try {
        return ProcStatus.kb(Long.toString(pid), "VmRSS");
      } catch (RuntimeException e) {
        return null;
      }
    }

    /** This JDK's {@code jcmd} against a running JVM; null if it fails or takes over a minute. */
    private static String jcmd(long pid, String... command) {
      List<String> args = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
      args.addAll(List.of(command));
      try {
        Path text = Files.createTempFile("jcmd", ".txt");
        try {
          Process p = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(text.toFile()).start();
          if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return null;
          }
          return Files.readString(text);
        } finally {
          Files.deleteIfExists(text);
        }
      } catch (IOException e) {
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }

    /**
     * Peak resident set (VmHWM) of this application's executor JVMs, by pid, and when it was
     * last seen to rise. A process an
     * executor is starting (Hadoop's local file system runs {@code chmod}/{@code stat}) shows the
     * executor's command line and memory until it execs: it is left out by its parent.
     */
    private static synchronized void sampleExecutors(String appId, Map<Long, Long> peakKb, Map<Long, Long> peakAt) {
      try (var procs = Files.list(Path.of("/proc"))) {
        procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
          long pid = Long.parseLong(p.getFileName().toString());
          long parent = ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L);
          if (isExecutor(pid, appId) && !isExecutor(parent, appId)) {
            try {
              long kb = ProcStatus.kb(Long.toString(pid), "VmHWM");
              if (kb > peakKb.getOrDefault(pid, -1L)) {
                peakKb.put(pid, kb);
                peakAt.put(pid, System.currentTimeMillis()); // the peak was reached in the last sampling period
              }
            } catch (RuntimeException e) {
              // the process ended between the listing and the read
            }
          }
        });
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    /** Whether {@code pid}'s command line is an executor of {@code appId} (false once it has ended). */
    private static boolean isExecutor(long pid, String appId) {
      try {
        String cmd = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).replace('\0', ' ');
        return cmd.contains("CoarseGrainedExecutorBackend") && cmd.contains(appId);
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }
  }
}
