package dev.flotilla.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.flotilla.driver.EngineSettings;
import dev.flotilla.jobs.JobKinds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code engine.ui} and {@code engine.spark-conf} as a config file gives them. */
class SparkConfPassthroughTest {

  private static EngineSettings engine(String engineBlock, String... overrides) {
    return JobKinds.fromConfig(JobConfig.withOverrides(ConfigFactory.parseString(
        "job = burn\nengine {\n" + engineBlock + "\n}\n"), List.of(overrides), "test.conf")).engine();
  }

  @Test
  void quotedSparkKeysPassThroughAsText() {
    EngineSettings e = engine("""
        spark-conf {
          "spark.authenticate" = true
          "spark.authenticate.secret" = "s3cret"
          "spark.network.crypto.keyLength" = 256
          "spark.hadoop.fs.s3a.endpoint" = "http://127.0.0.1:9000"
        }""", "engine.spark-conf.\"spark.executor.memory\"=2g");
    assertThat(e.sparkConf()).isEqualTo(Map.of("spark.authenticate", "true",
        "spark.authenticate.secret", "s3cret", "spark.network.crypto.keyLength", "256",
        "spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000", "spark.executor.memory", "2g"));
    assertThat(engine("").sparkConf()).isEmpty();
  }

  @Test
  void aValueCanComeFromTheEnvironmentSoTheFileNeedNotHoldIt() {
    EngineSettings e = engine("spark-conf { \"spark.authenticate.secret\" = ${?HOME}, \"spark.x\" = ${?FLOTILLA_UNSET_VARIABLE} }");
    assertThat(e.sparkConf()).isEqualTo(Map.of("spark.authenticate.secret", System.getenv("HOME")));
  }

  @Test
  void anUnquotedKeyIsRefusedBecauseHoconWouldSplitIt() {
    // Unquoted, "spark.authenticate.secret" would silently replace "spark.authenticate = true".
    assertThatThrownBy(() -> engine("spark-conf { spark.authenticate = true }"))
        .hasMessageContaining("engine.spark-conf.\"spark\"").hasMessageContaining("in quotes");
    assertThatThrownBy(() -> engine("spark-conf { \"spark.jars\" = [a, b] }"))
        .hasMessageContaining("engine.spark-conf.\"spark.jars\"")
        .hasMessageContaining("must be a string, number or boolean");
  }

  @Test
  void keysThatAreNotSparksOrThatAnEngineKeySetsAreRefusedWithoutEchoingTheValue() {
    assertThatThrownBy(() -> engine("spark-conf { \"fs.s3a.secret.key\" = \"hush-hush\" }"))
        .hasMessageContaining("engine.spark-conf.\"fs.s3a.secret.key\": not a Spark key")
        .hasMessageNotContaining("hush-hush");
    assertThatThrownBy(() -> engine("spark-conf { \"spark.task.maxFailures\" = 8 }"))
        .hasMessageContaining("set engine.task-max-failures instead");
    assertThatThrownBy(() -> engine("spark-confs { \"spark.x\" = 1 }"))
        .as("only the empty reference object is open").hasMessageContaining("unknown config key");
  }

  @Test
  void theUiIsUnsetUnlessTheConfigSaysSo() {
    assertThat(engine("").ui()).isNull();
    assertThat(engine("ui = true").ui()).isTrue();
    assertThat(engine("", "engine.ui=false").ui()).isFalse();
  }

  @Test
  void slotsComeFromTheOneMasterParser() {
    assertThat(EngineConfig.slotsOf("local[4,2]", 2)).isEqualTo(2);
    assertThat(EngineConfig.slotsOf("local-cluster[2, 2, 1024]", 1)).isEqualTo(4);
    assertThat(EngineConfig.slotsOf("yarn", 1)).isZero();
  }
}
