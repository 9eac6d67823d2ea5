package dev.flotilla.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The SparkConf Flotilla builds (no session is started here). */
class SparkSessionsTest {

  private static EngineSettings engine(String master, Boolean ui, Map<String, String> sparkConf) {
    // One core per unit: every master here, plain "local" included, offers at least that.
    return new EngineSettings("file:/tmp/unused", master, 1, 1, 4, 50, 0, 42, "lpt", false, ui, sparkConf);
  }

  @Test
  void localMastersListenOnLoopbackOnlyAndTheirUiCannotKillJobs() {
    for (String master : new String[] {"local[2]", "local", "local[*,3]", "local-cluster[2,1,1024]"}) {
      SparkConf conf = SparkSessions.conf(engine(master, true, Map.of()), "t");
      assertThat(conf.get("spark.driver.bindAddress")).as(master).isEqualTo("127.0.0.1");
      assertThat(conf.get("spark.driver.host")).as(master).isEqualTo("127.0.0.1");
      assertThat(conf.get("spark.ui.killEnabled")).as(master).isEqualTo("false");
      assertThat(conf.get("spark.ui.enabled")).as(master).isEqualTo("true");
    }
    // Spark reads the UI's address only from the environment.
    assertThat(System.getenv("SPARK_LOCAL_IP")).isEqualTo("127.0.0.1");
  }

  @Test
  void memoryDefaultsKeepTheDriverAndExecutorsFlatUnlessTheUserSaysOtherwise() {
    SparkConf conf = SparkSessions.conf(engine("local-cluster[2,1,1024]", null, Map.of()), "t");
    assertThat(conf.getSizeAsKb("spark.broadcast.blockSize")).isEqualTo(256);
    assertThat(conf.get("spark.executorEnv.MALLOC_ARENA_MAX")).isEqualTo("4");
    assertThat(conf.get("spark.executorEnv.GLIBC_TUNABLES")).isEqualTo("glibc.malloc.hugetlb=1");
    SparkConf mine = SparkSessions.conf(engine("local[2]", null,
        Map.of("spark.broadcast.blockSize", "8m", "spark.executorEnv.MALLOC_ARENA_MAX", "2",
            "spark.executorEnv.GLIBC_TUNABLES", "glibc.malloc.hugetlb=0")), "t");
    assertThat(mine.get("spark.broadcast.blockSize")).isEqualTo("8m");
    assertThat(mine.get("spark.executorEnv.MALLOC_ARENA_MAX")).isEqualTo("2");
    assertThat(mine.get("spark.executorEnv.GLIBC_TUNABLES")).isEqualTo("glibc.malloc.hugetlb=0");
  }

  @Test
  void clusterMastersGetNoneOfIt() {
    SparkConf conf = SparkSessions.conf(engine("spark://host:7077", true, Map.of()), "t");
    assertThat(conf.contains("spark.driver.bindAddress")).isFalse();
    assertThat(conf.contains("spark.driver.host")).isFalse();
    assertThat(conf.contains("spark.ui.killEnabled")).isFalse();
    assertThat(conf.get("spark.master")).isEqualTo("spark://host:7077");
  }

  @Test
  void clusterMastersGetFlotillasJarsAfterTheUsersAndLocalOnesNone() {
    SparkConf conf = SparkSessions.conf(engine("spark://host:7077", null,
        Map.of("spark.jars", "file:/opt/mine.jar")), "t");
    String[] jars = conf.get("spark.jars").split(",");
    assertThat(jars[0]).isEqualTo("file:/opt/mine.jar");
    // This build's driver classes (a folder here, packed into a jar) are among them.
    assertThat(jars).anyMatch(j -> j.endsWith(".jar") && j.contains("flotilla-"));
    for (String jar : java.util.Arrays.copyOfRange(jars, 1, jars.length)) {
      assertThat(java.nio.file.Path.of(jar)).exists();
    }
    assertThat(SparkSessions.conf(engine("local[2]", null, Map.of()), "t").contains("spark.jars")).isFalse();
  }

  @Test
  void aLoopbackStandaloneMastersDriverListensOnLoopback() {
    SparkConf conf = SparkSessions.conf(engine("spark://127.0.0.1:7077", null, Map.of()), "t");
    assertThat(conf.get("spark.driver.bindAddress")).isEqualTo("127.0.0.1");
    assertThat(conf.get("spark.driver.host")).isEqualTo("127.0.0.1");
    assertThat(SparkMaster.parse("spark://10.0.0.1:7077,127.0.0.1:7077").onLoopback()).isFalse();
    assertThat(SparkMaster.parse("yarn").onLoopback()).isFalse();
  }

  @Test
  void aStandaloneMasterNobodyListensOnIsOneClearError() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there now
    }
    String url = "spark://127.0.0.1:" + port;
    assertThatThrownBy(() -> SparkSessions.requireReachable(SparkMaster.parse(url)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot reach the Spark master " + url + " (engine.master): ")
        .hasMessageContaining("refused");
    try (java.net.ServerSocket open = new java.net.ServerSocket(0)) {
      SparkSessions.requireReachable(SparkMaster.parse("spark://127.0.0.1:" + port + ",127.0.0.1:" + open.getLocalPort()));
    }
  }

  @Test
  void theUiIsOffUnlessAsked() {
    assertThat(SparkSessions.conf(engine("local[2]", null, Map.of()), "t").get("spark.ui.enabled"))
        .isEqualTo("false");
    assertThat(SparkSessions.conf(engine("local[2]", false, Map.of()), "t").get("spark.ui.enabled"))
        .isEqualTo("false");
  }

  @Test
  void passedThroughSettingsWinOverFlotillasAndAreNotTouched() {
    SparkConf conf = SparkSessions.conf(engine("local[2]", true, Map.of(
        "spark.ui.killEnabled", "true",
        "spark.driver.bindAddress", "0.0.0.0",
        "spark.authenticate", "true",
        "spark.scheduler.mode", "FAIR",
        "spark.kryo.registrator", "com.example.Mine",
        "spark.executor.extraJavaOptions", "-XX:+UseG1GC -Dmine=\"a b\"")), "t");
    assertThat(conf.get("spark.ui.killEnabled")).isEqualTo("true");
    assertThat(conf.get("spark.driver.bindAddress")).isEqualTo("0.0.0.0");
    assertThat(conf.get("spark.driver.host")).isEqualTo("127.0.0.1");
    assertThat(conf.get("spark.authenticate")).isEqualTo("true");
    assertThat(conf.get("spark.scheduler.mode")).isEqualTo("FAIR");
    assertThat(conf.get("spark.kryo.registrator"))
        .isEqualTo("com.example.Mine," + FlotillaKryoRegistrator.class.getName());
    assertThat(conf.get("spark.executor.extraJavaOptions"))
        .startsWith("-XX:+UseG1GC -Dmine=\"a b\" --add-opens=java.base/java.lang=ALL-UNNAMED")
        .endsWith(" -Dai.djl.offline=true " + SparkSessions.EXECUTOR_GC_TIME_RATIO);
  }

  @Test
  void settingsOfThisJvmWinOverEngineKeysAndFlagsAreAppendedOnce() {
    String flags = "-Dmine=1 --add-opens=java.base/java.lang=ALL-UNNAMED";
    System.setProperty("spark.task.cpus", "3");
    System.setProperty("spark.executor.extraJavaOptions", flags);
    System.setProperty("spark.app.name", "submitted");
    try {
      SparkConf conf = SparkSessions.conf(engine("local[2]", null, Map.of()), "t");
      assertThat(conf.get("spark.task.cpus")).as("spark-submit's, over engine.cpus-per-unit").isEqualTo("3");
      assertThat(conf.get("spark.task.maxFailures")).isEqualTo("4");
      assertThat(conf.get("spark.app.name")).isEqualTo("submitted");
      String opts = conf.get("spark.executor.extraJavaOptions");
      assertThat(opts).startsWith(flags);
      assertThat(opts.split("--add-opens=java.base/java.lang=ALL-UNNAMED", -1)).as("once").hasSize(2);
      assertThat(opts.split(" ")).hasSize(1 + 14 + 2);
    } finally {
      System.clearProperty("spark.task.cpus");
      System.clearProperty("spark.executor.extraJavaOptions");
      System.clearProperty("spark.app.name");
    }
  }

  @Test
  void flotillasDefaultsFillTheRest() {
    SparkConf conf = SparkSessions.conf(new EngineSettings("file:/tmp/unused", "local[2]", 2, 1, 4,
        50, 0, 42, "lpt", false, null, Map.of()), "app");
    assertThat(conf.get("spark.master")).isEqualTo("local[2,4]");
    assertThat(conf.get("spark.app.name")).isEqualTo("app");
    assertThat(conf.get("spark.task.cpus")).isEqualTo("2");
    assertThat(conf.get("spark.executorEnv.OMP_NUM_THREADS")).isEqualTo("2");
    assertThat(conf.get("spark.kryo.registrator")).isEqualTo(FlotillaKryoRegistrator.class.getName());
    assertThat(conf.get("spark.executor.extraJavaOptions"))
        .isEqualTo(SparkSessions.JAVA_OPENS + " -Dai.djl.offline=true " + SparkSessions.EXECUTOR_GC_TIME_RATIO);
  }

  @Test
  void thePassthroughTakesOnlySparkKeysThatNoEngineKeySets() {
    assertThatThrownBy(() -> engine("local[2]", null, Map.of("spark.task.cpus", "2")))
        .hasMessage("engine.spark-conf.\"spark.task.cpus\": set engine.cpus-per-unit instead");
    assertThatThrownBy(() -> engine("local[2]", null, Map.of("spark.ui.enabled", "true")))
        .hasMessageContaining("set engine.ui instead");
    assertThatThrownBy(() -> engine("local[2]", null, Map.of("fs.s3a.secret.key", "hush")))
        .hasMessageContaining("engine.spark-conf.\"fs.s3a.secret.key\": not a Spark key")
        .hasMessageContaining("spark.hadoop.").hasMessageNotContaining("hush");
  }

  @Test
  void gpusPerUnitBecomeSparkResourceRequests() {
    // A cluster: executors of 4 cores, 2 per unit -> 2 units per executor, 1 GPU each.
    SparkConf cluster = SparkSessions.conf(new EngineSettings("file:/tmp/unused", "spark://host:7077", 2, 1, 4, 50, 0,
        42, "lpt", false, null, Map.of("spark.executor.cores", "4"), 1, 1, "/opt/gpus.sh"), "t");
    assertThat(cluster.get("spark.task.resource.gpu.amount")).isEqualTo("1");
    assertThat(cluster.get("spark.executor.resource.gpu.amount")).isEqualTo("2");
    assertThat(cluster.get("spark.executor.resource.gpu.discoveryScript")).isEqualTo("/opt/gpus.sh");
    assertThat(cluster.contains("spark.worker.resource.gpu.amount")).as("real workers have their own config").isFalse();
    // local-cluster: its in-process workers find GPUs with the same script; a user's executor amount is kept.
    SparkConf local = SparkSessions.conf(new EngineSettings("file:/tmp/unused", "local-cluster[2,2,1024]", 1, 1, 4, 50,
        0, 42, "lpt", false, null, Map.of("spark.executor.resource.gpu.amount", "1"), 1, 1, "/opt/gpus.sh"), "t");
    assertThat(local.get("spark.executor.resource.gpu.amount")).isEqualTo("1");
    assertThat(local.get("spark.worker.resource.gpu.amount")).isEqualTo("1");
    assertThat(local.get("spark.worker.resource.gpu.discoveryScript")).isEqualTo("/opt/gpus.sh");
    // No GPUs asked: no resource keys at all.
    assertThat(SparkSessions.conf(engine("local[2]", null, Map.of()), "t").getAll())
        .noneMatch(kv -> kv._1().contains(".resource."));
  }

  @Test
  void anExecutorGcTimeRatioOfTheUsersOwnStays() {
    SparkConf conf = SparkSessions.conf(engine("local[2]", null, Map.of(
        "spark.executor.extraJavaOptions", "-XX:GCTimeRatio=12")), "t");
    assertThat(conf.get("spark.executor.extraJavaOptions")).startsWith("-XX:GCTimeRatio=12 ")
        .doesNotContain(SparkSessions.EXECUTOR_GC_TIME_RATIO);
    conf = SparkSessions.conf(engine("local[2]", null, Map.of(
        "spark.executor.defaultJavaOptions", "-XX:GCTimeRatio=9")), "t");
    assertThat(conf.get("spark.executor.extraJavaOptions")).doesNotContain("GCTimeRatio");
    conf = SparkSessions.conf(engine("local[2]", null, Map.of(
        "spark.executor.extraJavaOptions", "-XX:+UseParallelGC")), "t");
    assertThat(conf.get("spark.executor.extraJavaOptions")).as("Parallel GC keeps its own goal")
        .doesNotContain("GCTimeRatio");
  }
}
