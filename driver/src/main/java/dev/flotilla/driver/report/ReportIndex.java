package dev.flotilla.driver.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTML page linking the reports of several runs on the local disk, each with its title and
 * headline (read from {@code <run>/report/report.json}): where a first run ends. Links are
 * relative to the page, so the folder can be moved or served as it is.
 */
public final class ReportIndex {

  /** One linked report: its run dir, title, headline (null if none) and page. */
  public record Entry(Path runDir, String title, String headline, Path page) {}

  private ReportIndex() {}

  /** Reads each run's report; the error names a run whose report is missing or unreadable. */
  public static List<Entry> read(List<Path> runDirs) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Entry> out = new ArrayList<>();
    for (Path run : runDirs) {
      Path report = run.resolve("report").resolve("report.json");
      Path page = run.resolve("report").resolve("index.html");
      if (!Files.isRegularFile(report) || !Files.isRegularFile(page)) {
        throw new IOException("no report in " + run + " (expected " + report + " and " + page
            + "; has the run finished?)");
      }
      JsonNode node = json.readTree(report.toFile());
      String headline = node.hasNonNull("headline") ? node.get("headline").asText() : null;
      out.add(new Entry(run, node.path("title").asText(run.getFileName().toString()), headline, page));
    }
    return out;
  }

  /** Writes the page to {@code out} (its folder created) and returns it. */
  public static Path write(Path out, String title, List<Entry> entries) throws IOException {
    Path dir = out.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    StringBuilder html = new StringBuilder("<!doctype html>\n<html><head><meta charset=utf-8><title>")
        .append(Html.escape(title)).append("</title><style>body{font-family:sans-serif;margin:2em;"
            + "max-width:900px}li{margin:0 0 1.2em}.headline{color:#333}</style></head><body>\n<h1>")
        .append(Html.escape(title)).append("</h1>\n<ul>\n");
    for (Entry e : entries) {
      String href = dir.relativize(e.page().toAbsolutePath().normalize()).toString().replace('\\', '/');
      html.append("<li><a href=\"").append(Html.escape(href)).append("\">").append(Html.escape(e.title()))
          .append("</a>");
      if (e.headline() != null) {
        html.append("<br><span class=headline>").append(Html.escape(e.headline())).append("</span>");
      }
      html.append("</li>\n");
    }
    html.append("</ul>\n</body></html>\n");
    Path tmp = Files.createTempFile(dir, ".index", ".html");
    Files.writeString(tmp, html, StandardCharsets.UTF_8);
    return Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
