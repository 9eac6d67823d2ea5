package dev.flotilla.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@code --set key=value}: literal unless the value parses as HOCON with nothing dropped. */
class SetOverrideTest {

  private static Config set(String kv) {
    int eq = kv.indexOf('=');
    return JobConfig.override(kv.substring(0, eq), kv.substring(eq + 1), kv);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "engine.run-dir=/tmp/x/exp#3/run | /tmp/x/exp#3/run",
      "engine.run-dir=file:///tmp/x/my runs/run 1 | file:///tmp/x/my runs/run 1",
      "engine.run-dir=hdfs://nn:8020/runs/a | hdfs://nn:8020/runs/a",
      "engine.run-dir=/tmp/100%/what? | /tmp/100%/what?",
      "engine.master=local[2] | local[2]",
      "engine.run-dir=\"quoted # kept\" | quoted # kept"})
  void valuesLandLiterally(String kv, String expected) {
    assertThat(set(kv).getString(kv.substring(0, kv.indexOf('=')))).isEqualTo(expected);
  }

  @Test
  void hoconValuesStillParse() {
    assertThat(set("a.b=[1, 2]").getIntList("a.b")).containsExactly(1, 2);
    assertThat(set("a.n=12").getInt("a.n")).isEqualTo(12);
    assertThat(set("a.on=true").getBoolean("a.on")).isTrue();
  }

  @Test
  void structuredValuesThatDoNotParseWholeAreErrorsNamingTheKey() {
    assertThatThrownBy(() -> set("a.b=[1, 2")).hasMessageContaining("--set a.b");
    assertThatThrownBy(() -> set("a.b=[1, 2] # note")).hasMessageContaining("--set a.b")
        .hasMessageContaining("comment");
  }
}
