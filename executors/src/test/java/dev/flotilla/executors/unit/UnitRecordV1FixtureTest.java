package dev.flotilla.executors.unit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A committed unit's {@code _UNIT.json} and {@code _ATTEMPT.json} as a real run of
 * conf/sweep-quick.conf wrote them (src/test/resources/fixtures/v1, see its README): resume
 * recognises committed units, and reports read their records, from these files.
 */
class UnitRecordV1FixtureTest {

  /**
   * The field set of a v1 unit record. Read with Jackson (unknown fields fail) until the typed
   * reader exists; then {@link #readUnitRecord} becomes one call to it.
   */
  record UnitRecordV1(String unitId, String kind, String name, JsonNode spec, int attempt,
      int taskAttempt, String executorId, String host, long pid, long startMillis, long endMillis,
      long resumedFromStep, long seed, Map<String, Double> metrics, Map<String, String> facts) {}

  record AttemptV1(String unitId, int attempt, int taskAttempt, String executorId, String host,
      long pid, long startMillis) {}

  static UnitRecordV1 readUnitRecord(Path file) throws IOException {
    return UnitCodec.JSON.readValue(file.toFile(), UnitRecordV1.class);
  }

  @Test
  void readsTheV1UnitRecordOfASweepUnit() throws Exception {
    var rec = readUnitRecord(fixture("_UNIT.json"));

    assertThat(rec.unitId()).isEqualTo("djl-mlp-128-lr0.001-5b740447dc");
    assertThat(rec.kind()).isEqualTo("sweep-train");
    assertThat(rec.name()).isEqualTo("djl-mlp-128-lr0.001");
    assertThat(rec.spec().path("backend").asText()).isEqualTo("djl");
    assertThat(rec.spec().path("model").path("learningRate").asDouble()).isEqualTo(0.001);
    assertThat(rec.spec().path("steps").asInt()).isEqualTo(157);
    assertThat(rec.attempt()).isZero();
    assertThat(rec.taskAttempt()).isZero();
    assertThat(rec.executorId()).isEqualTo("driver");
    assertThat(rec.pid()).isEqualTo(29129);
    assertThat(rec.endMillis() - rec.startMillis()).isEqualTo(4214);
    assertThat(rec.resumedFromStep()).isEqualTo(-1);
    assertThat(rec.seed()).isEqualTo(967761910831933055L);
    assertThat(rec.metrics()).containsEntry("accuracy", 0.809).containsEntry("steps", 157.0)
        .containsEntry("train_flops", 1.2254380032E10).hasSize(13);
    assertThat(rec.facts()).containsEntry("artifact", "model.bin").containsEntry("backend", "djl").hasSize(4);
  }

  /** The id and the seed are derived from the recorded spec: today's derivation must agree. */
  @Test
  void theRecordedIdAndSeedFollowFromTheRecordedSpec() throws Exception {
    var rec = readUnitRecord(fixture("_UNIT.json"));
    assertThat(UnitCodec.idOf(new AsRecorded(rec.kind(), rec.name(), rec.spec()))).isEqualTo(rec.unitId());
    assertThat(UnitCodec.seedOf(42, rec.unitId())).as("run seed 42 (the manifest's)").isEqualTo(rec.seed());
  }

  @Test
  void readsTheV1AttemptRecord() throws Exception {
    AttemptV1 a = UnitCodec.JSON.readValue(fixture("_ATTEMPT.json").toFile(), AttemptV1.class);
    assertThat(a).isEqualTo(new AttemptV1("djl-mlp-128-lr0.001-5b740447dc", 0, 0, "driver", "vm", 29129,
        1795976350108L));
  }

  /** A unit as its record describes it: serializes to the recorded spec, so its id can be derived. */
  record AsRecorded(String kind, String name, @JsonValue JsonNode spec) implements WorkUnit {
    @Override public double cost() { return 0; }
    @Override public UnitOutput execute(UnitContext ctx) {
      throw new UnsupportedOperationException("only the id of a recorded unit is derived here");
    }
  }

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(UnitRecordV1FixtureTest.class.getResource("/fixtures/v1/" + name).toURI());
  }
}
