package dev.flotilla.executors.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.executors.backend.djl.DjlClassifiers;
import dev.flotilla.executors.backend.dl4j.Dl4jClassifiers;
import dev.flotilla.executors.lm.LanguageModel;
import dev.flotilla.executors.lm.LmSpec;
import dev.flotilla.executors.lm.djl.DjlLanguageModels;
import dev.flotilla.executors.lm.dl4j.Dl4jLanguageModels;
import dev.flotilla.executors.unit.ComputeBudget;
import org.junit.jupiter.api.Test;

/** The registry as the services on executors' class path fill it (no model is built here). */
class BackendRegistryTest {

  /** A family no backend on this class path builds. */
  private static final ModelFamily<String, AutoCloseable> NOBODYS =
      new ModelFamily<>("nobodys", String.class, AutoCloseable.class);

  @Test
  void findsEachBackendsFactoryForEachFamily() {
    assertThat(Backends.names()).containsExactly("djl", "dl4j");
    assertThat(Backends.get("djl", TrainableModel.FAMILY)).isInstanceOf(DjlClassifiers.class);
    assertThat(Backends.get("dl4j", TrainableModel.FAMILY)).isInstanceOf(Dl4jClassifiers.class);
    assertThat(Backends.get("djl", LanguageModel.FAMILY)).isInstanceOf(DjlLanguageModels.class);
    assertThat(Backends.get("dl4j", LanguageModel.FAMILY)).isInstanceOf(Dl4jLanguageModels.class);
    assertThat(Backends.forKind(LanguageModel.FAMILY, LmSpec.TRANSFORMER).backend()).isEqualTo("djl");
    assertThat(Backends.forKind(LanguageModel.FAMILY, LmSpec.LSTM).backend()).isEqualTo("dl4j");
  }

  @Test
  void aMissingBackendFamilyOrKindIsAnErrorNamingWhatExists() {
    assertThatThrownBy(() -> Backends.get("onnx", TrainableModel.FAMILY))
        .hasMessage("unknown backend 'onnx'; known: [djl, dl4j]");
    assertThatThrownBy(() -> Backends.get("djl", NOBODYS))
        .hasMessage("backend 'djl' builds no nobodys models (backends that do: [])");
    assertThatThrownBy(() -> Backends.require("djl", LanguageModel.FAMILY, LmSpec.LSTM))
        .hasMessage("backend 'djl' has no language-model kind 'lstm'; it has [transformer]"
            + " (backends with it: [dl4j])");
    assertThatThrownBy(() -> Backends.forKind(LanguageModel.FAMILY, "mamba"))
        .hasMessage("no backend builds language-model kind 'mamba' (kinds: [lstm, transformer])");
  }

  @Test
  void aBudgetHasAtLeastOneCpuAndNoNegativeGpus() {
    assertThat(ComputeBudget.ofCpus(3)).isEqualTo(new ComputeBudget(3, 0));
    assertThatThrownBy(() -> ComputeBudget.ofCpus(0)).hasMessage("cpus must be >= 1, got 0");
    assertThatThrownBy(() -> new ComputeBudget(1, -1)).hasMessage("gpus must be >= 0, got -1");
    assertThat(new ComputeBudget(1, 2, java.util.List.of("0", "1")).hasGpus()).isTrue();
    assertThat(new ComputeBudget(1, 2).hasGpus()).as("asked for, none assigned (local runs)").isFalse();
    assertThatThrownBy(() -> new ComputeBudget(1, 2, java.util.List.of("0")))
        .hasMessage("a unit asking for 2 GPU(s) was given 1: [0]");
    assertThat(new ComputeBudget(2, 1, java.util.List.of("3")).cpuOnly()).isEqualTo(ComputeBudget.ofCpus(2));
  }
}
