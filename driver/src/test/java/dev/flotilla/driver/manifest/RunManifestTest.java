package dev.flotilla.driver.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.executors.rundir.AtomicFiles;
import dev.flotilla.executors.rundir.RunDir;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunManifestTest {

  @TempDir java.nio.file.Path tmp;

  @Test
  void roundTripKeepsEveryField() throws Exception {
    RunDir dir = RunDir.at(tmp.toString(), new Configuration());
    RunManifest m = new RunManifest();
    m.jobKind = "sweep";
    m.runDir = dir.uri();
    m.seed = 42;
    m.config = Map.of("job", "sweep", "sweep", Map.of("epochs", 1.5));
    m.versions = Map.of("spark", "3.5.9");
    m.drivers.add(new DriverRun("h", 12, "local[2,4]", "app-1", 1000, 0, "running"));
    UnitEntry e = new UnitEntry();
    e.id = "u-1";
    e.kind = "sweep-train";
    e.name = "u";
    e.cost = 2.5;
    e.cpus = 1;
    e.spec = "{\"a\":[1,2]}";
    e.state = UnitState.COMMITTED;
    e.attempts.add(new AttemptRecord(0, 0, "1", "h", 77, "TASK_LOST", 1, 2, -1, "lost", 0));
    e.attempts.add(new AttemptRecord(0, 1, "2", "h", 78, "COMMITTED", 3, 9, 200, null, 0));
    e.metrics.put("accuracy", 0.9);
    e.facts.put("backend", "djl");
    m.units.put(e.id, e);
    m.endDriverRun(2000, "succeeded");
    m.write(dir);

    RunManifest back = RunManifest.read(dir);
    assertThat(back.toJson()).isEqualTo(m.toJson());
    assertThat(back.unit("u-1").unitAttempts()).isEqualTo(1);
    // The spec is kept as text but written and read as JSON, not as a quoted string.
    assertThat(back.unit("u-1").spec().path("a").get(1).asInt()).isEqualTo(2);
    assertThat(new ObjectMapper().readTree(m.toJson()).path("units").path("u-1").path("spec").isObject()).isTrue();
    assertThat(back.unit("u-1").attempts.get(1).resumedFromStep()).isEqualTo(200);
    assertThat(back.drivers().get(0).outcome()).isEqualTo("succeeded");
  }

  @Test
  void otherFormatVersionsAndForeignFilesAreRefusedByName() throws Exception {
    RunDir dir = RunDir.at(tmp.toString(), new Configuration());
    AtomicFiles.writeString(dir.fs(), dir.conf(), dir.manifest(), "{\"formatVersion\": 99}");
    assertThatThrownBy(() -> RunManifest.read(dir)).hasMessageContaining("format version 99");
    AtomicFiles.writeString(dir.fs(), dir.conf(), dir.manifest(), "{\"hello\": 1}");
    assertThatThrownBy(() -> RunManifest.read(dir)).hasMessageContaining("is not a Flotilla manifest");
  }

  @Test
  void aDriverRunCountsWhatItWroteOfTheRecord() throws Exception {
    RunDir dir = RunDir.at(tmp.toString(), new Configuration());
    RunManifest m = new RunManifest();
    m.jobKind = "burn";
    m.runDir = dir.uri();
    m.drivers.add(new DriverRun("h", 12, "local[2]", "app-1", 1000, 0, "running"));
    for (int i = 0; i < 3; i++) {
      UnitEntry e = new UnitEntry();
      e.id = "u-" + i;
      e.kind = "burn";
      e.state = UnitState.PENDING;
      m.units.put(e.id, e);
    }
    m.write(dir);
    long snapshot = java.nio.file.Files.size(tmp.resolve("manifest.json"));
    long journal = 0;
    for (UnitEntry e : m.units.values()) {
      e.state = UnitState.COMMITTED;
      RunJournal.append(dir, m, java.util.List.of(e));
      journal += java.nio.file.Files.size(tmp.resolve("journal").resolve(String.format("%012d.json", m.journalSeq)));
    }
    m.endDriverRun(2000, "succeeded");

    DriverRun d = m.drivers().get(0);
    assertThat(d.recordWrites()).isEqualTo(4);
    assertThat(d.recordBytes()).isEqualTo(snapshot + journal);
    m.write(dir);
    assertThat(RunManifest.read(dir).drivers().get(0)).isEqualTo(d);
  }
}
