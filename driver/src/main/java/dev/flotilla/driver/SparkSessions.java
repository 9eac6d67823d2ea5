package dev.flotilla.driver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the SparkSession Flotilla's CLI runs in, with the settings every run needs: Kryo with
 * registration required, task cpus, task retries, executor JVM flags and thread limits.
 * Sessions made by users (notebooks, spark-submit) should set the same; see README.
 *
 * <p>Precedence, highest first: {@code engine.spark-conf}; {@code spark.*} already set for this
 * JVM (spark-submit's {@code --conf}, spark-defaults.conf, {@code -Dspark.*}); Flotilla's
 * defaults. A user's value is never replaced: where it differs from what an engine key asks for,
 * it is kept and a warning says so. Flotilla's executor JVM flags and Kryo registrator are
 * appended to the user's.
 *
 * <p>A local master ({@code local...}, {@code local-cluster[...]}) listens on 127.0.0.1 only —
 * driver RPC, block manager, UI — and its UI cannot kill jobs: a local tool is reachable only by
 * its user; so does the driver of a standalone master on 127.0.0.1 ({@code scripts/cluster}).
 * Other cluster masters get none of this (README: cluster security), and the jars with
 * Flotilla's classes are shipped to their executors.
 */
public final class SparkSessions {

  private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);

  /** Spark's add-opens for Java 17, also given to executor JVMs: {@code jvm-opens.txt}. */
  public static final String JAVA_OPENS = String.join(" ", readOpens());

  /** G1's time goal for executor JVMs, unless spark.executor.extraJavaOptions sets one. */
  static final String EXECUTOR_GC_TIME_RATIO = "-XX:GCTimeRatio=4";
  /** glibc tunable: malloc'd memory in transparent huge pages (scripts/flotilla sets it for the driver). */
  static final String HUGE_PAGE_MALLOC = "glibc.malloc.hugetlb=1";

  private SparkSessions() {}

  public static SparkConf conf(EngineSettings engine, String appName) {
    SparkMaster master = SparkMaster.parse(engine.master());
    // Before Spark first reads the environment: it picks the UI's and local-cluster's addresses there.
    boolean thisMachine = master.isLocal() || master.onLoopback();
    boolean uiOnChosenAddress = thisMachine && SparkLocalIp.pinToLoopback();
    SparkConf conf = new SparkConf(); // loads the spark.* system properties (spark-submit's)
    conf.setMaster(master.withTaskRetries(engine.taskMaxFailures()));
    conf.setIfMissing("spark.app.name", appName);
    for (Map.Entry<String, String> kv : engine.sparkConf().entrySet()) {
      if (conf.contains(kv.getKey()) && !conf.get(kv.getKey()).equals(kv.getValue())) {
        LOG.warn("{}: engine.spark-conf replaces the value set for this JVM (spark-submit --conf, "
            + "spark-defaults.conf or -D)", kv.getKey());
      }
      conf.set(kv.getKey(), kv.getValue());
    }
    String cpus = Integer.toString(engine.cpusPerUnit());
    conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    append(conf, "spark.kryo.registrator", List.of(FlotillaKryoRegistrator.class.getName()), ",");
    conf.setIfMissing("spark.kryo.registrationRequired", "true");
    fromEngineKey(conf, "spark.task.cpus", cpus);
    fromEngineKey(conf, "spark.task.maxFailures", Integer.toString(engine.taskMaxFailures()));
    gpus(conf, engine, master);
    conf.setIfMissing("spark.scheduler.mode", "FIFO");
    // Every Spark job broadcasts its task binary, and Spark allocates one whole block for it
    // before writing a byte: at the default 4m that is a humongous G1 allocation per job (0.8 GB
    // of the 3 GB a 10^4-unit burn run allocated), which grew the driver's committed heap far
    // past its live set. Flotilla broadcasts nothing large; below half a 1 MB G1 region it stays
    // an ordinary young allocation.
    conf.setIfMissing("spark.broadcast.blockSize", "256k");
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    List<String> executorFlags = new ArrayList<>(Arrays.asList(JAVA_OPENS.split(" ")));
    executorFlags.add("-Dai.djl.offline=true");
    // As the CLI's driver: G1 otherwise grows an executor's heap under the scoring and curation
    // units' churn far past what they hold (scripts/flotilla says why). A user's own ratio stays,
    // and so does another collector's goal (Parallel GC's default is 99).
    String executorJava = conf.get("spark.executor.defaultJavaOptions", "") + " "
        + conf.get("spark.executor.extraJavaOptions", "");
    if (!executorJava.contains("-XX:GCTimeRatio=")
        && !executorJava.matches(".*-XX:\\+Use(Parallel|Serial|Z|Shenandoah|Epsilon)GC.*")) {
      executorFlags.add(EXECUTOR_GC_TIME_RATIO);
    }
    append(conf, "spark.executor.extraJavaOptions", executorFlags, " ");
    conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", cpus);
    conf.setIfMissing("spark.executorEnv.OPENBLAS_NUM_THREADS", cpus);
    conf.setIfMissing("spark.executorEnv.MKL_NUM_THREADS", cpus);
    // On AVX-512 CPUs (AMD EPYC with avx512_bf16 here) PyTorch 2.7's oneDNN convolution kernels
    // turned a CNN's first-layer weights NaN after a few steps, at a random step; capped at AVX2
    // the same training is finite (DjlClipModelTest: zero-shot 0.107 -> passes). Read once, when
    // libtorch loads, so it must be in the executor's environment.
    conf.setIfMissing("spark.executorEnv.ONEDNN_MAX_CPU_ISA", "AVX2");
    // As scripts/flotilla does for the driver (and Hadoop for its containers): glibc gives each
    // thread that mallocs its own arena, up to 8 per core, and libtorch, Parquet and Spark's task
    // threads each hold freed native memory in theirs, so a long-lived executor's RSS creeps.
    conf.setIfMissing("spark.executorEnv.MALLOC_ARENA_MAX", "4");
    // libtorch allocates a batch's large activations (a ViT text tower's [256, 77, 1024] floats are
    // 80 MB) above glibc's mmap threshold, so every batch maps them anew and faults them in 4 KB
    // at a time; on the VMs measured that was half of a TorchScript CLIP's scoring time. With this
    // tunable (glibc 2.35+; older glibcs ignore it) malloc asks for transparent huge pages.
    conf.setIfMissing("spark.executorEnv.GLIBC_TUNABLES", HUGE_PAGE_MALLOC);
    if (engine.ui() != null) {
      fromEngineKey(conf, "spark.ui.enabled", engine.ui().toString());
    } else {
      conf.setIfMissing("spark.ui.enabled", "false");
    }
    if (master.kind() == SparkMaster.Kind.LOCAL_CLUSTER) {
      LocalClusterHome.prepare();
    }
    if (master.kind() != SparkMaster.Kind.LOCAL) {
      // A cluster's executors have none of the driver's classpath: without Flotilla's classes
      // every task fails with "unread block data" (local-cluster's, with the classpath, on lambdas).
      List<String> shipped = Arrays.stream(conf.get("spark.jars", "").split(","))
          .map(String::trim).filter(s -> !s.isEmpty()).map(SparkSessions::localPath).toList();
      append(conf, "spark.jars", ApplicationJars.forExecutors().stream().map(Path::toString)
          .filter(jar -> !shipped.contains(jar)).toList(), ",");
    }
    if (thisMachine) {
      conf.setIfMissing("spark.driver.bindAddress", SparkLocalIp.LOOPBACK);
      conf.setIfMissing("spark.driver.host", SparkLocalIp.LOOPBACK);
      conf.setIfMissing("spark.ui.killEnabled", "false");
      if (!uiOnChosenAddress && conf.getBoolean("spark.ui.enabled", true)) {
        LOG.warn("Spark UI off: Spark would open it on every interface; start the JVM with "
            + "SPARK_LOCAL_IP=127.0.0.1 to have it");
        conf.set("spark.ui.enabled", "false");
      }
    }
    return conf;
  }

  public static SparkSession create(EngineSettings engine, String appName) {
    requireReachable(SparkMaster.parse(engine.master()));
    LibraryLogging.applyUnlessConfigured(); // quiet while Spark starts, too
    SparkSession spark = SparkSession.builder().config(conf(engine, appName)).getOrCreate();
    LibraryLogging.applyUnlessConfigured(); // Spark set its INFO defaults while starting
    return spark;
  }

  /**
   * A standalone master nobody listens on would make Spark retry for a minute and then fail
   * every job; one connection attempt per listed master says it at once.
   */
  static void requireReachable(SparkMaster master) {
    if (!master.url().startsWith("spark://")) {
      return;
    }
    String failure = "";
    for (String hostPort : master.url().substring("spark://".length()).split(",")) {
      int colon = hostPort.lastIndexOf(':');
      String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      int port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1).trim());
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host.trim(), port), 5_000);
        return;
      } catch (IOException | IllegalArgumentException e) {
        failure = e.getMessage();
      }
    }
    throw new IllegalArgumentException("cannot reach the Spark master " + master.url() + " (engine.master): "
        + failure);
  }

  /** A {@code spark.jars} entry as a local path, so the same jar given as a URI is not added twice. */
  private static String localPath(String entry) {
    try {
      URI uri = URI.create(entry);
      return "file".equals(uri.getScheme()) ? Path.of(uri).toString() : entry;
    } catch (IllegalArgumentException e) {
      return entry;
    }
  }

  /**
   * Spark's resource requests for {@code engine.gpus-per-unit}: each task asks for that many GPUs,
   * so Spark runs at most (GPUs of an executor / gpus-per-unit) units at once per executor and
   * hands each its own addresses. An executor asks for enough GPUs for its task slots (its cores
   * / cpus-per-unit, when they are known; else one unit's), unless the user set the amount. On
   * local-cluster the in-process workers find their GPUs with the same script.
   */
  private static void gpus(SparkConf conf, EngineSettings engine, SparkMaster master) {
    if (engine.gpusPerUnit() == 0) {
      return;
    }
    fromEngineKey(conf, "spark.task.resource.gpu.amount", Integer.toString(engine.gpusPerUnit()));
    int cores = master.kind() == SparkMaster.Kind.LOCAL_CLUSTER ? master.coresPerWorker()
        : conf.getInt("spark.executor.cores", engine.cpusPerUnit());
    int slots = Math.max(1, cores / engine.cpusPerUnit());
    conf.setIfMissing("spark.executor.resource.gpu.amount", Integer.toString(slots * engine.gpusPerUnit()));
    if (engine.gpuDiscoveryScript() != null) {
      fromEngineKey(conf, "spark.executor.resource.gpu.discoveryScript", engine.gpuDiscoveryScript());
      if (master.kind() == SparkMaster.Kind.LOCAL_CLUSTER) {
        conf.setIfMissing("spark.worker.resource.gpu.amount", conf.get("spark.executor.resource.gpu.amount"));
        conf.setIfMissing("spark.worker.resource.gpu.discoveryScript", engine.gpuDiscoveryScript());
      }
    }
  }

  /** Sets a key an engine key decides, unless the user set it: theirs is kept, and said so. */
  private static void fromEngineKey(SparkConf conf, String key, String value) {
    if (conf.contains(key) && !conf.get(key).equals(value)) {
      LOG.warn("{} = {} (set for this JVM) is kept; {} asks for {}", key, conf.get(key),
          EngineSettings.ENGINE_KEYS.get(key), value);
      return;
    }
    conf.set(key, value);
  }

  /** Appends the items the user's value lacks, keeping the user's value as written. */
  private static void append(SparkConf conf, String key, List<String> items, String separator) {
    String current = conf.get(key, "").trim();
    String split = separator.equals(" ") ? "\\s+" : "\\s*" + Pattern.quote(separator) + "\\s*";
    List<String> present = Arrays.asList(current.split(split));
    StringBuilder value = new StringBuilder(current);
    for (String item : items) {
      if (!present.contains(item)) {
        value.append(value.length() == 0 ? "" : separator).append(item);
      }
    }
    conf.set(key, value.toString());
  }

  private static List<String> readOpens() {
    try (InputStream in = SparkSessions.class.getResourceAsStream("jvm-opens.txt")) {
      if (in == null) {
        throw new IllegalStateException("dev/flotilla/driver/jvm-opens.txt is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
          .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
