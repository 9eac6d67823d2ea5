package dev.flotilla.driver.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.driver.manifest.DriverRun;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.rundir.RunDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The top of every report: the headline, then what ran, on the page and in report.json. */
class ReportTest {

  @TempDir Path tmp;

  @Test
  void headlineAndWhatRanComeFirst() throws Exception {
    RunManifest m = new RunManifest();
    m.jobKind = "sweep";
    m.runDir = tmp.toUri().toString();
    m.seed = 42;
    m.versions = Map.of("flotilla", "0.1.0", "spark", "3.5.9");
    m.config = Map.of("sweep", Map.of("epochs", 1, "note", "<b>"));
    m.drivers.add(new DriverRun("box", 1, "local[2,4]", "app-1", 1_764_450_000_000L, 0, "running"));
    Report r = new Report("sweep run").headline("Best of 7: mlp, valid 0.87 / test 0.86.")
        .provenance(Provenance.of(m)).heading("Body").paragraph("text")
        .linkedTable("long", "All the rows", new Table.Builder("a").row(1).row(2).build());
    r.write(RunDir.at(tmp.toUri().toString(), new Configuration()));

    String html = Files.readString(tmp.resolve("report/index.html"));
    assertThat(html.indexOf("Best of 7")).isLessThan(html.indexOf("What ran"));
    assertThat(html.indexOf("What ran")).isLessThan(html.indexOf("<h2>Body"));
    assertThat(html).contains("What ran: sweep run, seed 42, started 2025-11-29T21:00:00Z on box, master local[2,4].")
        .contains("flotilla 0.1.0").contains("spark 3.5.9")
        .as("config shown, escaped").contains("&quot;note&quot; : &quot;&lt;b&gt;&quot;")
        .as("a linked table is not inlined").contains("2 rows: <a href=\"long.csv\">csv</a>")
        .doesNotContain("<th>a</th>");
    JsonNode json = Json.FILES.readTree(tmp.resolve("report/report.json").toFile());
    assertThat(json.path("headline").asText()).startsWith("Best of 7");
    assertThat(json.path("provenance").path("seed").asLong()).isEqualTo(42);
    assertThat(json.path("provenance").path("master").asText()).isEqualTo("local[2,4]");
    assertThat(json.path("linked_tables").path("long").asText()).isEqualTo("long.json");
    assertThat(json.path("tables").has("long")).isFalse();
    assertThat(tmp.resolve("report/long.csv")).hasContent("a\n1\n2");
    assertThat(Files.readString(tmp.resolve("report/report.md"))).startsWith("# sweep run\n\n**Best of 7");
  }

  /** A per-shard or per-unit table of a large run: the page shows its head, the files hold every row. */
  @Test
  void aLongTableIsLinkedWithItsFirstRowsOnThePage() throws Exception {
    Table.Builder t = new Table.Builder("shard", "pairs");
    int n = Report.INLINE_ROWS + 1;
    for (int i = 0; i < n; i++) {
      t.row("shard-" + i, i);
    }
    Table shortOne = new Table.Builder("k").row("v").build();
    new Report("long").table("scoring", "Per shard", t.build()).table("small", "Small", shortOne)
        .write(RunDir.at(tmp.toUri().toString(), new Configuration()));

    String html = Files.readString(tmp.resolve("report/index.html"));
    assertThat(html).contains(n + " rows: <a href=\"scoring.csv\">csv</a>")
        .contains("<td>shard-" + (Report.PREVIEW_ROWS - 1) + "</td>")
        .doesNotContain("<td>shard-" + Report.PREVIEW_ROWS + "</td>")
        .as("a short table stays whole on the page").contains("<th>k</th>").contains("<td>v</td>");
    assertThat(Files.readString(tmp.resolve("report/report.md")))
        .contains("**Per shard**: " + n + " rows in [scoring.csv](scoring.csv), the first " + Report.PREVIEW_ROWS)
        .contains("| shard-0 | 0 |").doesNotContain("| shard-" + Report.PREVIEW_ROWS + " |");
    assertThat(Files.readAllLines(tmp.resolve("report/scoring.csv"))).hasSize(n + 1).last()
        .isEqualTo("shard-" + (n - 1) + "," + (n - 1));
    JsonNode json = Json.FILES.readTree(tmp.resolve("report/report.json").toFile());
    assertThat(json.path("linked_tables").path("scoring").asText()).isEqualTo("scoring.json");
    assertThat(json.path("tables").has("small")).isTrue();
    assertThat(Json.FILES.readTree(tmp.resolve("report/scoring.json").toFile()).size()).isEqualTo(n);
  }
}
