package dev.flotilla.ensembles.hdee;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.executors.lm.LmSpec;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;

/**
 * An {@code ensemble.json} published by a real hdee run (src/test/resources/fixtures/v1, see its
 * README): today's reader still reads it, so {@code flotilla ensemble} and LiveEnsemble can open
 * the ensembles of older runs.
 */
class EnsembleArtifactV1FixtureTest {

  @Test
  void readsTheV1EnsembleOfAHeterogeneousPlan() throws Exception {
    Path file = Path.of(EnsembleArtifactV1FixtureTest.class.getResource("/fixtures/v1/" + EnsembleArtifact.FILE).toURI());
    EnsembleArtifact e = EnsembleArtifact.read(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(file.toUri()));

    assertThat(e.plan()).isEqualTo("heterogeneous");
    assertThat(e.members()).extracting(EnsembleArtifact.Member::domain).containsExactly("python", "headers", "copyright");
    assertThat(e.members()).extracting(EnsembleArtifact.Member::size).containsExactly("S", "M", "L");
    EnsembleArtifact.Member copyright = e.members().get(2);
    assertThat(copyright.spec()).isEqualTo(new LmSpec(LmSpec.TRANSFORMER, 1, 32, 2, 160, 64, 0.002));
    assertThat(copyright.model()).isEqualTo("units/heterogeneous-copyright-fbcc044324/model.bin");
    assertThat(copyright.steps()).isEqualTo(271);
    assertThat(copyright.flops()).isEqualTo(5.6054697984E10);
    assertThat(e.members().get(0).spec().mlpWidth()).isEqualTo(96);
    assertThat(e.combiners()).containsExactly("uniform", "posterior", "cached-prior", "top-2");
    assertThat(e.cachedPriors()).containsOnlyKeys("python", "headers", "copyright", "email");
    assertThat(e.cachedPriors().get("python")).containsExactly(0.610772955207443, 0.10420152009604969, 0.2850255246965054);
    assertThat(e.cachedPriors().get("copyright")[2]).isEqualTo(0.9999999950738251);
  }
}
