package dev.flotilla.driver.report;

import dev.flotilla.executors.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.executors.rundir.AtomicFiles;
import dev.flotilla.executors.rundir.RunDir;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A run's report, written to {@code <run>/report/}: {@code index.html} and {@code report.md} for
 * people, {@code report.json} plus one CSV/JSON per table for programs, and PNG charts.
 * Sections appear in the order they are added. Every number must come from committed artifacts
 * or the manifest.
 */
public final class Report {

  private static final ObjectMapper JSON = Json.FILES;

  private sealed interface Part permits Text, TablePart, ChartPart, GalleryPart {}
  private record Text(String text) implements Part {}
  /**
   * {@code inline = false}: written as files and linked from the page, which shows only its first
   * {@code preview} rows.
   */
  private record TablePart(String name, String caption, Table table, boolean inline, int preview) implements Part {}
  private record ChartPart(String name, String caption, BufferedImage image) implements Part {}
  private record GalleryPart(String name, String caption, List<Tile> tiles) implements Part {}

  /** One picture of a gallery: PNG bytes and the lines shown under it. */
  public record Tile(byte[] png, String caption) {}

  private final String title;
  private final List<Part> parts = new ArrayList<>();
  private final ObjectNode facts = JSON.createObjectNode();
  private String headline;
  private Provenance provenance;

  public Report(String title) {
    this.title = title;
  }

  /**
   * The result in one sentence, shown first (the job's report sets it; the last call wins).
   * Like every number in a report, its numbers come from committed records.
   */
  public Report headline(String sentence) {
    this.headline = sentence;
    return this;
  }

  /** What ran (config, versions, date, seed, machine, master), shown right under the headline. */
  public Report provenance(Provenance p) {
    this.provenance = p;
    return this;
  }

  public Report heading(String text) {
    parts.add(new Text("## " + text));
    return this;
  }

  public Report paragraph(String text) {
    parts.add(new Text(text));
    return this;
  }

  /**
   * Tables longer than this are not put on the page whole (a per-shard table of a curation run
   * has 10^5 rows, tens of MB of HTML and Markdown built in the driver's heap): their first
   * {@link #PREVIEW_ROWS} rows are shown and the rest is in the CSV and JSON.
   */
  static final int INLINE_ROWS = 200;
  static final int PREVIEW_ROWS = 20;

  /**
   * A table, also written as {@code <name>.csv} and {@code <name>.json}; shown whole on the page
   * up to {@link #INLINE_ROWS} rows, else its first {@link #PREVIEW_ROWS} with a link to the rest.
   */
  public Report table(String name, String caption, Table table) {
    boolean inline = table.rows().size() <= INLINE_ROWS;
    parts.add(new TablePart(name, caption, table, inline, inline ? 0 : PREVIEW_ROWS));
    return this;
  }

  /**
   * A long table: written as {@code <name>.csv} and {@code <name>.json} like any other, but the
   * page only links to it (with its row count) instead of showing every row.
   */
  public Report linkedTable(String name, String caption, Table table) {
    parts.add(new TablePart(name, caption, table, false, 0));
    return this;
  }

  /** A chart, rendered to {@code <name>.png}. */
  public Report chart(String name, String caption, Chart<?, ?> chart) {
    System.setProperty("java.awt.headless", "true");
    parts.add(new ChartPart(name, caption, BitmapEncoder.getBufferedImage(chart)));
    return this;
  }

  /** A grid of small pictures with captions, written as {@code <name>/<i>.png}. */
  public Report gallery(String name, String caption, List<Tile> tiles) {
    parts.add(new GalleryPart(name, caption, List.copyOf(tiles)));
    return this;
  }

  /** A machine-readable fact for {@code report.json} (e.g. a headline number). */
  public Report fact(String key, Object value) {
    facts.set(key, JSON.valueToTree(value));
    return this;
  }

  public String markdown() {
    StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
    if (headline != null) {
      md.append("**").append(headline).append("**\n\n");
    }
    if (provenance != null) {
      md.append("What ran: ").append(provenance.summary()).append(".  \nVersions: ")
          .append(provenance.versionLine()).append(".\n\n<details><summary>Config</summary>\n\n```json\n")
          .append(configText()).append("\n```\n</details>\n\n");
    }
    for (Part p : parts) {
      if (p instanceof Text t) {
        md.append(t.text()).append("\n\n");
      } else if (p instanceof TablePart t && !t.inline()) {
        md.append("**").append(t.caption()).append("**: ").append(t.table().rows().size())
            .append(" rows in [").append(t.name()).append(".csv](").append(t.name()).append(".csv)")
            .append(t.preview() > 0 ? ", the first " + t.preview() + ":\n\n" + t.table().head(t.preview()).toMarkdown()
                : "\n").append('\n');
      } else if (p instanceof TablePart t) {
        md.append("**").append(t.caption()).append("** (`").append(t.name()).append(".csv`)\n\n")
            .append(t.table().toMarkdown()).append('\n');
      } else if (p instanceof ChartPart c) {
        md.append("![").append(c.caption()).append("](").append(c.name()).append(".png)\n\n");
      } else if (p instanceof GalleryPart g) {
        md.append("**").append(g.caption()).append("**\n\n");
        for (int i = 0; i < g.tiles().size(); i++) {
          md.append("- ![").append(i).append("](").append(g.name()).append('/').append(i).append(".png) ")
              .append(g.tiles().get(i).caption().replace('\n', ' ')).append('\n');
        }
        md.append('\n');
      }
    }
    return md.toString();
  }

  private String configText() {
    try {
      return JSON.writeValueAsString(provenance.config());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("the config was read from JSON-like HOCON", e);
    }
  }

  /** Writes every file of the report under {@code <run>/report/}; returns the index path. */
  public Path write(RunDir run) throws IOException {
    Path dir = run.report();
    run.fs().mkdirs(dir);
    StringBuilder html = new StringBuilder("<!doctype html>\n<html><head><meta charset=utf-8><title>")
        .append(Html.escape(title)).append("</title><style>body{font-family:sans-serif;margin:2em;max-width:1100px}"
            + "table{border-collapse:collapse;margin:1em 0;display:block;overflow-x:auto;max-width:100%}"
            + "td,th{border:1px solid #ccc;padding:3px 8px;white-space:nowrap}"
            + "td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}"
            + "img{max-width:100%}.headline{font-size:1.2em;font-weight:bold}.ran{color:#444}"
            + "pre{background:#f6f6f6;padding:1em;overflow:auto}</style></head><body>\n<h1>")
        .append(Html.escape(title)).append("</h1>\n");
    if (headline != null) {
      html.append("<p class=headline>").append(Html.escape(headline)).append("</p>\n");
    }
    if (provenance != null) {
      html.append("<p class=ran>What ran: ").append(Html.escape(provenance.summary()))
          .append(".<br>Versions: ").append(Html.escape(provenance.versionLine()))
          .append(".</p>\n<details><summary>Config</summary><pre>")
          .append(Html.escape(configText())).append("</pre></details>\n");
    }
    ObjectNode json = JSON.createObjectNode();
    json.put("title", title);
    if (headline != null) {
      json.put("headline", headline);
    }
    if (provenance != null) {
      json.set("provenance", JSON.valueToTree(provenance));
    }
    json.set("facts", facts);
    ObjectNode tables = json.putObject("tables");
    ObjectNode linked = json.putObject("linked_tables");
    ArrayNode charts = json.putArray("charts");
    for (Part p : parts) {
      if (p instanceof Text t) {
        String s = t.text();
        html.append(s.startsWith("## ") ? "<h2>" + Html.escape(s.substring(3)) + "</h2>\n"
            : "<p>" + Html.escape(s) + "</p>\n");
      } else if (p instanceof TablePart t) {
        html.append("<h3>").append(Html.escape(t.caption())).append(" <small>(")
            .append(t.inline() ? "" : t.table().rows().size() + " rows: ").append("<a href=\"")
            .append(t.name()).append(".csv\">csv</a>, <a href=\"").append(t.name())
            .append(".json\">json</a>)</small></h3>\n").append(t.inline() ? t.table().toHtml()
                : t.preview() > 0 ? "<p>The first " + t.preview() + ":</p>\n" + t.table().head(t.preview()).toHtml() : "");
        // Streamed: a per-unit table of a 10^5-unit run is tens of MB as text or a JSON tree.
        AtomicFiles.write(run.fs(), run.conf(), new Path(dir, t.name() + ".csv"), out -> {
          java.io.Writer w = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8);
          t.table().writeCsv(w);
          w.flush();
        }, true);
        AtomicFiles.write(run.fs(), run.conf(), new Path(dir, t.name() + ".json"), out -> {
          try (com.fasterxml.jackson.core.JsonGenerator g = JSON.createGenerator(out)) {
            t.table().writeJson(g);
          }
        }, true);
        if (t.inline()) {
          tables.set(t.name(), t.table().toJson(JSON));
        } else {
          linked.put(t.name(), t.name() + ".json"); // long: its file, not a copy in report.json
        }
      } else if (p instanceof ChartPart c) {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        ImageIO.write(c.image(), "png", png);
        AtomicFiles.writeBytes(run.fs(), run.conf(), new Path(dir, c.name() + ".png"), png.toByteArray());
        html.append("<figure><img src=\"").append(c.name()).append(".png\" alt=\"")
            .append(Html.escape(c.caption())).append("\"><figcaption>")
            .append(Html.escape(c.caption())).append("</figcaption></figure>\n");
        charts.add(c.name() + ".png");
      } else if (p instanceof GalleryPart g) {
        html.append("<h3>").append(Html.escape(g.caption())).append("</h3>\n<div style=\"display:flex;flex-wrap:wrap;"
            + "gap:8px\">\n");
        run.fs().mkdirs(new Path(dir, g.name()));
        for (int i = 0; i < g.tiles().size(); i++) {
          Tile t = g.tiles().get(i);
          AtomicFiles.writeBytes(run.fs(), run.conf(), new Path(new Path(dir, g.name()), i + ".png"), t.png());
          html.append("<figure style=\"width:160px;margin:0\"><img src=\"").append(g.name()).append('/').append(i)
              .append(".png\" alt=\"\"><figcaption style=\"font-size:80%\">")
              .append(Html.escape(t.caption()).replace("\n", "<br>")).append("</figcaption></figure>\n");
        }
        html.append("</div>\n");
      }
    }
    html.append("</body></html>\n");
    AtomicFiles.writeString(run.fs(), run.conf(), new Path(dir, "index.html"), html.toString());
    AtomicFiles.writeString(run.fs(), run.conf(), new Path(dir, "report.md"), markdown());
    AtomicFiles.writeString(run.fs(), run.conf(), new Path(dir, "report.json"), JSON.writeValueAsString(json));
    return new Path(dir, "index.html");
  }
}
