package dev.flotilla.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.driver.SparkMaster.Kind;
import org.junit.jupiter.api.Test;

class SparkMasterTest {

  private static final int MACHINE = Runtime.getRuntime().availableProcessors();

  @Test
  void localFormsAreLocalWithTheirCores() {
    assertThat(SparkMaster.parse("local")).extracting(SparkMaster::kind, SparkMaster::cores)
        .containsExactly(Kind.LOCAL, 1);
    assertThat(SparkMaster.parse("local[3]").cores()).isEqualTo(3);
    assertThat(SparkMaster.parse("local[*]").cores()).isEqualTo(MACHINE);
    SparkMaster withFailures = SparkMaster.parse(" local[4 , 7] ");
    assertThat(withFailures).extracting(SparkMaster::kind, SparkMaster::cores, SparkMaster::taskFailures)
        .containsExactly(Kind.LOCAL, 4, 7);
    assertThat(SparkMaster.parse("local[*,2]").cores()).isEqualTo(MACHINE);
    SparkMaster cluster = SparkMaster.parse("local-cluster[ 2, 3, 1024 ]");
    assertThat(cluster).extracting(SparkMaster::kind, SparkMaster::workers, SparkMaster::coresPerWorker)
        .containsExactly(Kind.LOCAL_CLUSTER, 2, 3);
    assertThat(cluster.cores()).isEqualTo(6);
    assertThat(cluster.isLocal()).isTrue();
  }

  @Test
  void everythingElseIsAClusterWhoseSizeIsUnknown() {
    for (String m : new String[] {"spark://host:7077", "yarn", "k8s://https://api:6443", "local[x]",
        "localhost", "local-cluster[2,1]"}) {
      SparkMaster s = SparkMaster.parse(m);
      assertThat(s.kind()).as(m).isEqualTo(Kind.CLUSTER);
      assertThat(s.isLocal()).as(m).isFalse();
      assertThat(s.slots(1)).as(m).isZero();
      assertThat(s.withTaskRetries(4)).as(m).isEqualTo(m);
    }
  }

  @Test
  void slotsAreWholeUnitsPerExecutor() {
    assertThat(SparkMaster.parse("local[4]").slots(2)).isEqualTo(2);
    assertThat(SparkMaster.parse("local[3]").slots(2)).isEqualTo(1);
    assertThat(SparkMaster.parse("local[1]").slots(4)).as("at least one").isEqualTo(1);
    assertThat(SparkMaster.parse("local-cluster[2,3,1024]").slots(2)).isEqualTo(2);
    assertThat(SparkMaster.parse("local-cluster[2,1,1024]").slots(2)).as("no executor fits").isZero();
  }

  @Test
  void onlyPlainLocalNGetsTaskRetries() {
    assertThat(SparkMaster.parse("local[2]").withTaskRetries(4)).isEqualTo("local[2,4]");
    assertThat(SparkMaster.parse("local[*]").withTaskRetries(3)).isEqualTo("local[*,3]");
    assertThat(SparkMaster.parse("local[2,9]").withTaskRetries(4)).isEqualTo("local[2,9]");
    assertThat(SparkMaster.parse("local").withTaskRetries(4)).isEqualTo("local");
    assertThat(SparkMaster.parse("local-cluster[2,1,1024]").withTaskRetries(4))
        .isEqualTo("local-cluster[2,1,1024]");
  }
}
