package dev.flotilla.jobs.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.ensembles.corpus.CorpusSource;
import dev.flotilla.executors.json.Json;
import dev.flotilla.jobs.testing.LocalSparkBase;
import dev.flotilla.jobs.testing.Sparks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus-debian job on a small unpacked tree made here (fortunes of three difficulties and a
 * debian-reference HTML chapter), run under Spark local[2]: it writes the folder the corpus and
 * hdee jobs read, with domains.json and sources.tsv.
 */
class DebianCorpusJobTest extends LocalSparkBase {

  @TempDir Path tmp;

  /** fortunes: quotes repeat one sentence (easy), tech are random letters (hard), misc in between. */
  private Path tree() throws IOException {
    Path root = tmp.resolve("unpacked");
    Path f = Files.createDirectories(root.resolve("tree/usr/share/games/fortunes"));
    Random r = new Random(3);
    List<String> quotes = List.of("art", "humorists", "literature", "love", "people", "platitudes", "tao", "wisdom");
    List<String> tech = List.of("computers", "debian", "linux", "linuxcookie", "perl", "science");
    for (String c : quotes) {
      Files.writeString(f.resolve(c), fortunes(r, 10, i -> "A wise man said: the cat sat on the mat, number " + i + ". Then he said: the cat sat on the mat.\n"));
    }
    for (String c : tech) {
      Files.writeString(f.resolve(c), fortunes(r, 10, i -> letters(r, 120, 26) + "\n"));
    }
    Files.writeString(f.resolve("misc"), fortunes(r, 60, i -> "Some " + letters(r, 80, 8) + " words, " + i + ".\n"));
    Files.writeString(f.resolve("songs-poems"), fortunes(r, 20, i -> "Roses are red, violets are blue, sugar is sweet and so are you, " + i + ".\n"));
    Files.writeString(f.resolve("misc.dat"), "not a category");
    Path ref = Files.createDirectories(root.resolve("tree/usr/share/debian-reference"));
    StringBuilder html = new StringBuilder("<html><head><title>t</title></head><body>");
    for (int i = 0; i < 30; i++) {
      html.append("<h2>Section ").append(i).append("</h2><p>The apt-get command installs package ").append(i)
          .append(" and its dependencies from the archive.</p>");
    }
    Files.writeString(ref.resolve("ch01.en.html"), html.append("</body></html>"));
    Files.createDirectories(root.resolve("lists"));
    Files.writeString(root.resolve("versions.txt"), "fortunes=1:1.99\nfortunes-min=1:1.99\ndebian-reference-en=2.1\n");
    return root;
  }

  private static String fortunes(Random r, int n, java.util.function.IntFunction<String> text) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(text.apply(i)).append("%\n");
    }
    return s.toString();
  }

  private static String letters(Random r, int n, int alphabet) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append((char) ('a' + r.nextInt(alphabet)));
    }
    return s.toString();
  }

  private JobSpec job(Path unpacked, String domains) {
    return Sparks.job("""
        job = corpus-debian
        engine { run-dir = "%s", master = "local[2]", progress = false }
        corpus-debian { unpacked = "%s", out = "%s", max-bytes-per-domain = 2000, domains = %s }
        """.formatted(tmp.resolve("run").toUri(), unpacked, tmp.resolve("corpus"), domains));
  }

  @Test
  void writesTheFolderTheCorpusAndHdeeJobsRead() throws Exception {
    JobSpec job = job(tree(), "[fortunes-quotes, fortunes-tech, fortunes-misc, debian-reference-en, fortunes-poems]");
    assertThat(job.plan().units()).hasSize(10);
    RunManifest m = Flotilla.run(spark, job);
    assertThat(m.units.values()).extracting((UnitEntry e) -> e.state).containsOnly(UnitState.COMMITTED);
    Path out = tmp.resolve("corpus");
    JsonNode meta = Json.FILES.readTree(out.resolve("domains.json").toFile());
    Map<String, String> groups = new java.util.LinkedHashMap<>();
    long total = 0;
    for (JsonNode d : meta.get("domains")) {
      groups.put(d.get("name").asText(), d.get("group").asText());
      long bytes = 0;
      try (Stream<Path> files = Files.list(out.resolve(d.get("name").asText()))) {
        for (Path p : files.sorted().toList()) {
          assertThat(p.getFileName().toString()).matches("\\d{6}\\.txt");
          bytes += Files.size(p);
        }
      }
      assertThat(bytes).as(d.get("name").asText()).isEqualTo(d.get("bytes").asLong()).isLessThanOrEqualTo(2000);
      total += d.get("documents").asLong();
    }
    assertThat(groups).containsEntry("fortunes-quotes", "easy").containsEntry("fortunes-tech", "hard")
        .containsKey("fortunes-poems").containsKey("debian-reference-en");
    assertThat(meta.at("/domains/1/over_cap").asLong()).isPositive();
    assertThat(meta.at("/package_versions/fortunes").asText()).isEqualTo("1:1.99");
    assertThat(meta.at("/difficulty/budget_bytes").asLong()).isPositive();
    List<String> sources = Files.readAllLines(out.resolve("sources.tsv"), StandardCharsets.UTF_8);
    assertThat(sources).hasSize((int) total + 1);
    assertThat(sources.get(0)).isEqualTo("domain\tfile\tsource\tbytes\tsha256");
    assertThat(sources).anyMatch(l -> l.startsWith("debian-reference-en\t000000.txt\t/usr/share/debian-reference/ch01.en.html#"));
    String section = Files.readString(out.resolve("debian-reference-en/000000.txt"));
    assertThat(section).startsWith("Section ").contains("\n\nThe apt-get command installs package").endsWith(".\n");
    // The contract: the corpus and hdee jobs list these folders as their domains.
    CorpusSource source = CorpusSource.scan(out.toString(), List.of(), 1, 0.1, 0.1);
    assertThat(source.bytes().keySet()).containsExactlyInAnyOrder(groups.keySet().toArray(String[]::new));
  }

  @Test
  void badInputIsNamed() throws Exception {
    Path unpacked = tree();
    assertThatThrownBy(() -> job(tmp.resolve("nowhere"), "[]")).hasMessageContaining("corpus-debian.unpacked")
        .hasMessageContaining("holds no tree/ and lists/");
    assertThatThrownBy(() -> job(unpacked, "[]")).hasMessageContaining("corpus-debian.unpacked")
        .hasMessageContaining("package openjdk-17-source (domain java) is not among the unpacked ones");
    assertThatThrownBy(() -> job(unpacked, "[fortunes-quotes, fortunes-tech, fortunes-poems]"))
        .hasMessageContaining("corpus-debian.domains").hasMessageContaining("fewer than 3 training domains");
    assertThatThrownBy(() -> job(unpacked, "[fortunes-quotes, klingon]")).hasMessageContaining("corpus-debian.domains")
        .hasMessageContaining("no Debian domain 'klingon'");
    Files.delete(unpacked.resolve("tree/usr/share/games/fortunes/tao"));
    JobSpec missing = job(unpacked, "[fortunes-quotes, fortunes-tech, fortunes-misc]");
    assertThatThrownBy(() -> Flotilla.run(spark, missing)).hasMessageContaining("unit extract-fortunes-quotes")
        .hasMessageContaining("usr/share/games/fortunes/tao is missing (from Debian package fortunes");
  }
}
