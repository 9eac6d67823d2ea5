package dev.flotilla.executors.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.executors.unit.TestUnitKinds.WriteUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnitCodecTest {

  @Test
  void idIsStableAcrossJsonRoundTripAndInstances() {
    WriteUnit a = new WriteUnit("Alpha One", "hello", List.of(3, 1));
    WorkUnit back = UnitCodec.fromJson(a.kind(), UnitCodec.toJson(a));
    assertThat(back).isEqualTo(a);
    assertThat(UnitCodec.idOf(back)).isEqualTo(UnitCodec.idOf(a));
    assertThat(UnitCodec.idOf(new WriteUnit("Alpha One", "hello", List.of(3, 1))))
        .isEqualTo(UnitCodec.idOf(a));
  }

  @Test
  void idIsFrozen() {
    // A changed id would make every existing run dir re-run all its units: keep it stable.
    WriteUnit u = new WriteUnit("Alpha One", "hello", List.of(3, 1));
    assertThat(UnitCodec.toJson(u)).isEqualTo("{\"label\":\"Alpha One\",\"sizes\":[3,1],\"text\":\"hello\"}");
    assertThat(UnitCodec.idOf(u)).isEqualTo("alpha-one-5d1d9285ce");
  }

  @Test
  void anyChangeOfSpecChangesId() {
    String base = UnitCodec.idOf(new WriteUnit("a", "hello", List.of(3, 1)));
    assertThat(UnitCodec.idOf(new WriteUnit("a", "hello!", List.of(3, 1)))).isNotEqualTo(base);
    assertThat(UnitCodec.idOf(new WriteUnit("a", "hello", List.of(1, 3)))).isNotEqualTo(base);
  }

  @Test
  void jsonHoldsOnlyTheSpecComponents() {
    String json = UnitCodec.toJson(new WriteUnit("a", "b", List.of()));
    assertThat(json).doesNotContain("kind").doesNotContain("cost").doesNotContain("name");
  }

  @Test
  void unknownKindNamesTheKnownOnes() {
    assertThatThrownBy(() -> UnitCodec.fromJson("no-such-kind", "{}"))
        .hasMessageContaining("unknown unit kind 'no-such-kind'")
        .hasMessageContaining("test-write");
  }

  @Test
  void seedsDifferPerUnitAndAreReproducible() {
    assertThat(UnitCodec.seedOf(42, "u1")).isEqualTo(UnitCodec.seedOf(42, "u1"));
    assertThat(UnitCodec.seedOf(42, "u1")).isNotEqualTo(UnitCodec.seedOf(42, "u2"));
    assertThat(UnitCodec.seedOf(42, "u1")).isNotEqualTo(UnitCodec.seedOf(43, "u1"));
  }
}
