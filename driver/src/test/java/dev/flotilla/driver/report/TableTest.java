package dev.flotilla.driver.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.executors.json.Json;
import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** CSV that other tools read back cell for cell, and unit ids short on the page but whole in files. */
class TableTest {

  private final Table table = new Table.Builder("name", "note", "value", "unit")
      .unitIds("unit")
      .row("plain", "a, b", 0.125, "sorted-mlp-sandwich-s1-1a2b3c4d5e")
      .row("quoted \"x\"", "line one\nline two", 1e-7, "djl-mlp-128-lr0.001-9f8e7d6c5b")
      .row("crlf", "a\r\nb", 3.0, null)
      .build();

  @Test
  void csvQuotesCommasQuotesAndLineBreaksAndReadsBackCellForCell() throws Exception {
    String csv = table.toCsv();
    assertThat(csv).startsWith("name,note,value,unit\n")
        .contains("\"a, b\"").contains("\"quoted \"\"x\"\"\"").contains("\"line one\nline two\"");
    List<CSVRecord> back = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
        .parse(new StringReader(csv)).getRecords();
    assertThat(back).hasSize(3);
    assertThat(back.get(0).get("note")).isEqualTo("a, b");
    assertThat(back.get(1).get("name")).isEqualTo("quoted \"x\"");
    assertThat(back.get(1).get("note")).isEqualTo("line one\nline two");
    assertThat(back.get(2).get("note")).isEqualTo("a\r\nb");
    assertThat(Double.parseDouble(back.get(1).get("value"))).as("full precision").isEqualTo(1e-7);
    assertThat(back.get(0).get("unit")).as("full id in the CSV").isEqualTo("sorted-mlp-sandwich-s1-1a2b3c4d5e");
    assertThat(back.get(2).get("unit")).isEmpty();
  }

  @Test
  void unitIdsAreShortOnThePageAndWholeInJson() {
    assertThat(table.toHtml()).contains("<td title=\"sorted-mlp-sandwich-s1-1a2b3c4d5e\">1a2b3c4</td>")
        .doesNotContain(">sorted-mlp-sandwich-s1-1a2b3c4d5e<");
    assertThat(table.toMarkdown()).contains("| 9f8e7d6 |").doesNotContain("djl-mlp-128-lr0.001-9f8e7d6c5b")
        .as("a line break in a cell would end the Markdown row").contains("line one line two");
    assertThat(table.toJson(Json.FILES).get(1).path("unit").asText()).isEqualTo("djl-mlp-128-lr0.001-9f8e7d6c5b");
  }
}
