package dev.flotilla.driver;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EngineSettingsTest {

  private static EngineSettings engine(String master, int cpus) {
    return new EngineSettings("file:/tmp/r", master, cpus, 1, 4, 50, 0, 42, "lpt", false);
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "local[2]", "local[*]", "local[2,4]", "local-cluster[2,1,1024]",
      "spark://127.0.0.1:7077", "yarn", "k8s://https://api:6443"})
  void sparkMastersAreAccepted(String master) {
    assertThatCode(() -> engine(master, 1)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "bogus | 1 | engine.master = bogus: not a Spark master",
      "local[2] | 99 | engine.cpus-per-unit = 99: more than the 2 core(s) each executor of local[2] offers",
      "local-cluster[2,1,1024] | 2 | engine.cpus-per-unit = 2: more than the 1 core(s)",
      "local[0] | 1 | engine.master = local[0]: offers no cores"})
  void impossibleMastersAreConfigErrors(String master, int cpus, String message) {
    assertThatThrownBy(() -> engine(master, cpus)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "local[2] | -1 | /x.sh | engine.gpus-per-unit = -1: must be >= 0",
      "local[2] | 1 | /x.sh | engine.gpus-per-unit = 1: Spark's local mode (engine.master = local[2]) schedules no GPUs",
      "local-cluster[2,1,1024] | 1 | '' | engine.gpu-discovery-script = : local-cluster workers find their GPUs only"})
  void gpusThatCannotBeScheduledAreConfigErrors(String master, int gpus, String script, String message) {
    assertThatThrownBy(() -> engine(master, 1).withGpus(gpus, script)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"spark.task.resource.gpu.amount", "spark.executor.resource.gpu.discoveryScript"})
  void gpuKeysOfAnEngineKeyAreRefusedInThePassthrough(String key) {
    assertThatThrownBy(() -> engine("local[2]", 1).withSparkConf(java.util.Map.of(key, "1")))
        .hasMessageContaining("set engine.gpu");
  }

  @ParameterizedTest
  @ValueSource(strings = {"local-cluster[2,1,1024]", "spark://127.0.0.1:7077", "yarn"})
  void gpusAreScheduledOnClustersAndLocalCluster(String master) {
    assertThatCode(() -> engine(master, 1).withGpus(1, "/opt/gpus.sh")).doesNotThrowAnyException();
  }
}
