package dev.flotilla.datafiltering.dfn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.datafiltering.model.ClipSpec;
import dev.flotilla.datafiltering.model.DjlClipModel;
import dev.flotilla.executors.backend.Backends;
import dev.flotilla.executors.backend.djl.DeviceChoice;
import dev.flotilla.executors.unit.ComputeBudget;
import dev.flotilla.executors.unit.UnitCodec;
import dev.flotilla.executors.unit.UnitResult;
import dev.flotilla.executors.unit.UnitRunner;
import dev.flotilla.executors.unit.UnitStatus;
import dev.flotilla.executors.unit.UnitTask;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dfn.score.device} on a machine without CUDA, with the GPU address Spark would have
 * assigned the task ("0", as a fake discovery script gives it): {@code gpu} fails with one line
 * saying why, {@code auto} scores on the CPU and records the fallback, {@code cpu} just scores.
 */
class ScoreDeviceTest {

  static final ClipSpec SPEC = dev.flotilla.datafiltering.model.TinyClip.SPEC;

  @TempDir Path tmp;
  Path run;

  @BeforeEach
  void poolAndModel() throws Exception {
    run = tmp.resolve("run");
    Path shard = run.resolve("units").resolve("pool-0").resolve("shard.tar");
    Files.createDirectories(shard.getParent());
    DfnTrainHqTest.write(shard, DfnTrainHqTest.cleanPairs(40));
    Path model = run.resolve("units").resolve("train-0").resolve(DfnTrainUnit.MODEL_FILE);
    Files.createDirectories(model.getParent());
    try (DjlClipModel m = Backends.forKind(DjlClipModel.FAMILY, ClipSpec.KIND).build(SPEC, 1, ComputeBudget.ofCpus(1));
         OutputStream out = Files.newOutputStream(model)) {
      m.save(out);
    }
  }

  UnitResult score(DeviceChoice device, List<String> gpus) {
    DfnScoreUnit unit = DfnScoreUnit.trained(ShardRef.ofUnit("pool-0", "shard.tar"), "train-0", SPEC, 16, null, null,
        device);
    return UnitRunner.run(new UnitTask(UnitCodec.idOf(unit), unit.kind(), unit.name(), UnitCodec.toJson(unit), 0, 1,
        gpus.size(), 3, run.toUri().toString(), 100, Map.of()), 0, "exec-1", gpus);
  }

  @Test
  void gpuWithoutCudaFailsWithOneLineNamingTheKeyAndTheGpu() {
    UnitResult r = score(DeviceChoice.GPU, List.of("0"));
    assertThat(r.status()).isEqualTo(UnitStatus.FAILED);
    String first = r.error().lines().findFirst().orElseThrow();
    assertThat(first).contains("dfn.score.device = gpu").contains("GPU 0 assigned").contains("no CUDA device");
  }

  @Test
  void autoFallsBackToTheCpuAndRecordsWhy() {
    UnitResult r = score(DeviceChoice.AUTO, List.of("0"));
    assertThat(r.status()).as(r.error()).isEqualTo(UnitStatus.COMMITTED);
    assertThat(r.metrics()).containsEntry("scored", 40.0);
    assertThat(r.facts()).containsEntry("device", "cpu").containsEntry(UnitRunner.GPU_ADDRESSES_FACT, "0");
    assertThat(r.facts().get("device_fallback")).contains("GPU 0 assigned").contains("no CUDA device");
  }

  @Test
  void cpuAndAutoWithoutAGpuScoreWithoutAFallback() {
    for (DeviceChoice d : List.of(DeviceChoice.CPU, DeviceChoice.AUTO)) {
      UnitResult r = score(d, List.of());
      assertThat(r.status()).as(d + ": " + r.error()).isEqualTo(UnitStatus.COMMITTED);
      assertThat(r.facts()).as(d.configName()).containsEntry("device", "cpu").doesNotContainKey("device_fallback")
          .doesNotContainKey(UnitRunner.GPU_ADDRESSES_FACT);
    }
  }

  @Test
  void gpuWithoutAnAssignedGpuFailsSayingSo() {
    UnitResult r = score(DeviceChoice.GPU, List.of());
    assertThat(r.status()).isEqualTo(UnitStatus.FAILED);
    assertThat(r.error().lines().findFirst().orElseThrow()).contains("dfn.score.device = gpu")
        .contains("no GPU was assigned");
  }
}
