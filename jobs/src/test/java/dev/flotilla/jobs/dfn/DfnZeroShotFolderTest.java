package dev.flotilla.jobs.dfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.datafiltering.dfn.DfnDownstreamUnit;
import dev.flotilla.datafiltering.pool.PoolFiles;
import dev.flotilla.datafiltering.pool.PoolFormat;
import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.executors.data.FashionMnist;
import dev.flotilla.executors.data.LabeledImages;
import dev.flotilla.executors.json.Json;
import dev.flotilla.jobs.testing.LocalSparkBase;
import dev.flotilla.jobs.testing.Sparks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downstream zero-shot on a user's labelled folder (one folder per class, its name the prompt). */
class DfnZeroShotFolderTest extends LocalSparkBase {

  @TempDir Path tmp;

  /** Fashion-MNIST test images of two classes as PNG files in folders named by the class. */
  private Path labelledFolder() throws Exception {
    LabeledImages test = FashionMnist.test(Path.of(FashionMnist.DEBIAN_DIR));
    Path root = tmp.resolve("labelled");
    String[] names = {"trousers", "bag"};
    int[] labels = {1, 8};
    float[] x = new float[784];
    int[] y = new int[1];
    for (int k = 0; k < 2; k++) {
      Path dir = Files.createDirectories(root.resolve(names[k]));
      int written = 0;
      for (int i = 0; i < test.size() && written < 150; i++) {
        if (test.label(i) == labels[k]) {
          test.slice(i, 1, x, y);
          java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(28, 28,
              java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
          for (int p = 0; p < 784; p++) {
            img.getRaster().setSample(p % 28, p / 28, 0, Math.round(x[p] * 255));
          }
          javax.imageio.ImageIO.write(img, "png", dir.resolve(String.format("%04d.png", written++)).toFile());
        }
      }
    }
    Files.writeString(root.resolve("README.txt"), "not a class");
    return root;
  }

  private String conf(Path pool, String downstreamKeys) {
    return """
        job = dfn
        engine { run-dir = "%s", master = "local[2]", progress = false }
        dfn {
          pool { hq-images = 5000, input = "%s" }
          train { steps = 150, batch-size = 128 }
          downstream { subsets = [dfn], steps = 150, %s }
        }
        """.formatted(tmp.resolve("run").toUri(), pool, downstreamKeys);
  }

  @Test
  void theCuratedSubsetIsEvaluatedOnTheFolderWithItsNamesAsPrompts() throws Exception {
    Path pool = tmp.resolve("pool");
    PoolFiles.make(new PoolFiles.MakeSpec(FashionMnist.DEBIAN_DIR, 5000, 3000, 1500, List.of(0.4, 0.25, 0.2, 0.15),
        11, PoolFormat.PARQUET, pool.toString(), tmp.resolve("truth.tsv").toString(), 2),
        new org.apache.hadoop.conf.Configuration(), System.err);
    Path folder = labelledFolder();
    JobSpec job = Sparks.job(conf(pool, "zero-shot = \"" + folder + "\""));
    DfnDownstreamUnit unit = (DfnDownstreamUnit) job.plan().units().stream()
        .filter(u -> u.kind().equals(DfnDownstreamUnit.KIND)).findFirst().orElseThrow().unit();
    assertThat(unit.zeroShot()).isEqualTo("file:" + folder);
    RunManifest m = Flotilla.run(spark, job);
    JsonNode facts = Json.FILES.readTree(tmp.resolve("run/report/report.json").toFile()).path("facts");
    double accuracy = facts.path("zero_shot_dfn").asDouble();
    System.out.printf("zero-shot on the folder (trousers vs bag): %.4f%n", accuracy);
    // Two classes: chance is 0.5; the curated pairs teach both words.
    assertThat(accuracy).isGreaterThan(0.7);
    assertThat(Files.readString(tmp.resolve("run/report/report.md")))
        .contains("Zero-shot accuracy on the labelled folder file:" + folder + " (folder names as prompts)");
    assertThat(m.units).hasSize(1 + 2 + 1 + 2 + 1 + 1); // train, score, threshold, keep, curate, downstream
    // A folder that is not one: named at plan time.
    assertThatThrownBy(() -> Sparks.job(conf(pool, "zero-shot = \"" + folder.resolve("bag") + "\"")))
        .hasMessageContaining("dfn.downstream.zero-shot = " + folder.resolve("bag") + ": " + folder.resolve("bag")
            + " has 0 class folders with .png/.jpg images");
  }
}
