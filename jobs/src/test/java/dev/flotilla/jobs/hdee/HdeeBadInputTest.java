package dev.flotilla.jobs.hdee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.RunFailedException;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.jobs.testing.LocalSparkBase;
import dev.flotilla.jobs.testing.Sparks;
import dev.flotilla.jobs.testing.TinyCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corpus and hdee configs that cannot work fail with errors naming the folder, file or key. */
class HdeeBadInputTest extends LocalSparkBase {

  @TempDir Path tmp;
  Path corpus;

  @BeforeEach
  void corpus() throws Exception {
    corpus = TinyCorpus.write(tmp.resolve("corpus"), 40);
  }

  private String hdee(String extra) {
    return """
        job = hdee
        engine { run-dir = "%s", master = "local[2]", progress = false }
        hdee {
          corpus.dir = "%s"
          domains { groups = [[python], [headers], [copyright]], eval-only = [email] }
          model { layers = 1, d-model = 16, heads = 2, context = 32 }
          budget { total-flops = 2e10, min-steps = 10 }
          plans = [homogeneous, heterogeneous]
          eval.windows = 4
          %s
        }
        """.formatted(tmp.resolve("run").toUri(), corpus, extra);
  }

  @Test
  void aDomainFolderWithoutTextFilesIsNamed() throws Exception {
    Path bare = corpus.resolve("bare");
    Files.createDirectories(bare);
    Files.writeString(bare.resolve("notes.md"), "not a .txt document");
    assertThatThrownBy(() -> Sparks.job(hdee("domains.eval-only = [bare]")))
        .hasMessageContaining("has no .txt files").hasMessageContaining("bare");
    assertThatThrownBy(() -> Sparks.job(hdee("domains.eval-only = [missing]")))
        .hasMessageContaining("missing").hasMessageContaining("does not exist");
  }

  @Test
  void anEmptyDomainIsNamed() throws Exception {
    Path empty = corpus.resolve("empty");
    Files.createDirectories(empty);
    Files.writeString(empty.resolve("a.txt"), "");
    Files.writeString(empty.resolve("b.txt"), "");
    assertThatThrownBy(() -> Sparks.job(hdee("domains.eval-only = [empty]")))
        .hasMessageContaining("domain empty").hasMessageContaining("is empty");
  }

  @Test
  void aBudgetTooSmallForTheSmallestExpertSaysWhatWouldFit() {
    assertThatThrownBy(() -> Sparks.job(hdee("budget.total-flops = 1e8")))
        .hasMessageContaining("hdee.budget").hasMessageContaining("budget too small")
        .hasMessageContaining("raise total-flops to at least");
  }

  @Test
  void badSizesAndPlansAreRefusedAtPlanTime() {
    assertThatThrownBy(() -> Sparks.job(hdee("plans = [homogenous]"))).hasMessageContaining("unknown plan 'homogenous'");
    assertThatThrownBy(() -> Sparks.job(hdee("sizes = [{name = S, mlp-multiplier = 3}, {name = M, mlp-multiplier = 2},"
        + " {name = L, mlp-multiplier = 5}]"))).hasMessageContaining("hdee.sizes must grow");
    assertThatThrownBy(() -> Sparks.job(hdee("eval.combiners = [uniform, argmax]"))).hasMessageContaining("unknown combiner");
    assertThatThrownBy(() -> Sparks.job(hdee("domains.groups = [[python, headers], [copyright]]")))
        .hasMessageContaining("2 difficulty groups but hdee.sizes has 3 sizes");
  }

  /** An unreadable document (here: a dangling link) is refused before anything runs, naming the file. */
  @Test
  void anUnreadableDocumentIsNamed() throws Exception {
    Path broken = corpus.resolve("headers").resolve("zz-broken.txt");
    Files.createSymbolicLink(broken, tmp.resolve("nowhere.txt"));
    assertThatThrownBy(() -> Sparks.job("""
        job = corpus
        engine { run-dir = "%s", master = "local[2]", progress = false }
        corpus { dir = "%s", domains = [python, headers] }
        """.formatted(tmp.resolve("corpus-run").toUri(), corpus)))
        .hasMessageContaining("zz-broken.txt").hasMessageContaining("is not a readable file");
  }

  /** The corpus job on its own: every domain committed with its counts in the manifest. */
  @Test
  void corpusJobCountsDocumentsAndBytesPerDomain() throws Exception {
    Files.writeString(corpus.resolve("python").resolve("zz-copy.txt"),
        Files.readString(corpus.resolve("python").resolve("abc.py.txt")));
    Files.writeString(corpus.resolve("python").resolve("zz-empty.txt"), "");
    var job = Sparks.job("""
        job = corpus
        engine { run-dir = "%s", master = "local[2]", progress = false }
        corpus { dir = "%s", domains = [] }
        """.formatted(tmp.resolve("corpus-run").toUri(), corpus));
    RunManifest m = Flotilla.run(spark, job);
    assertThat(m.units).hasSize(4);
    UnitEntry python = m.units.values().stream().filter(e -> e.name.equals("corpus-python")).findFirst().orElseThrow();
    assertThat(python.state).isEqualTo(UnitState.COMMITTED);
    // Expected counts from the files themselves: empties, and copies of an earlier document.
    java.util.Set<String> distinct = new java.util.HashSet<>();
    long empties = 0;
    long copies = 0;
    long bytes = 0;
    try (var s = Files.list(corpus.resolve("python"))) {
      for (Path p : s.sorted().toList()) {
        String text = Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (text.isEmpty()) {
          empties++;
        } else if (!distinct.add(text)) {
          copies++;
        } else {
          bytes += Files.size(p);
        }
      }
    }
    assertThat(copies).as("the test adds one copy").isGreaterThanOrEqualTo(1);
    assertThat(python.metrics.get("duplicate_documents")).isEqualTo((double) copies);
    assertThat(python.metrics.get("empty_documents")).isEqualTo((double) empties);
    assertThat(python.metrics.get("documents")).isEqualTo((double) distinct.size());
    assertThat(python.metrics.get("bytes_train") + python.metrics.get("bytes_valid") + python.metrics.get("bytes_test"))
        .as("every distinct document's bytes land in exactly one split").isEqualTo((double) bytes);
    assertThat(python.metrics.get("documents_valid")).isGreaterThanOrEqualTo(1.0);
    assertThat(python.metrics.get("documents_test")).isGreaterThanOrEqualTo(1.0);
    Path unit = tmp.resolve("corpus-run/units").resolve(python.id);
    long tokens = 0;
    for (String split : java.util.List.of("train", "valid", "test")) {
      tokens += Files.size(unit.resolve(split + ".tok")) / 2;
    }
    assertThat(tokens).as("bytes plus one document marker per document").isEqualTo(bytes + distinct.size());
    assertThat(tmp.resolve("corpus-run/report/report.md")).content().contains("Corpus: 4 domains");
  }
}
