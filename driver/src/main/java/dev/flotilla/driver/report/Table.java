package dev.flotilla.driver.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A small result table rendered as CSV, Markdown, HTML and JSON. Immutable.
 *
 * <p>Unit-id columns ({@link Builder#unitIds}) show a short label on the page (the id's hash
 * part, the full id in the HTML cell's tooltip), so a row stays one line; CSV and JSON keep
 * the full id.
 */
public record Table(List<String> columns, List<List<Object>> rows, Set<String> unitIdColumns) {

  public Table(List<String> columns, List<List<Object>> rows) {
    this(columns, rows, Set.of());
  }

  public Table {
    columns = List.copyOf(columns);
    unitIdColumns = Set.copyOf(unitIdColumns);
    if (!columns.containsAll(unitIdColumns)) {
      throw new IllegalArgumentException("unit-id columns " + unitIdColumns + " are not all in " + columns);
    }
    List<List<Object>> copy = new ArrayList<>();
    for (List<Object> r : rows) {
      if (r.size() != columns.size()) {
        throw new IllegalArgumentException("row " + r + " has " + r.size() + " cells, expected "
            + columns.size() + " " + columns);
      }
      copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(r)));
    }
    rows = List.copyOf(copy);
  }

  /** The first {@code n} rows (all of them if there are fewer). */
  public Table head(int n) {
    return rows.size() <= n ? this : new Table(columns, rows.subList(0, n), unitIdColumns);
  }

  /** Mutable builder for a table. */
  public static final class Builder {
    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();
    private final Set<String> unitIds = new java.util.HashSet<>();

    public Builder(String... columns) {
      this.columns = List.of(columns);
    }

    /** Marks columns holding unit ids: short labels on the page, full ids in CSV and JSON. */
    public Builder unitIds(String... columns) {
      unitIds.addAll(List.of(columns));
      return this;
    }

    public Builder row(Object... cells) {
      rows.add(java.util.Arrays.asList(cells));
      return this;
    }

    public Table build() {
      return new Table(columns, rows, unitIds);
    }
  }

  static String cell(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return Long.toString((long) d);
      }
      return Math.abs(d) >= 1e5 || Math.abs(d) < 1e-3
          ? String.format(Locale.ROOT, "%.4g", d)
          : String.format(Locale.ROOT, "%.4f", d);
    }
    return v.toString();
  }

  /**
   * RFC 4180 CSV (Commons CSV): a header row, numbers at full precision, cells with commas,
   * quotes or line breaks quoted; lines end with a newline.
   */
  public String toCsv() {
    StringBuilder sb = new StringBuilder();
    try {
      writeCsv(sb);
    } catch (IOException e) {
      throw new UncheckedIOException("a StringBuilder does not fail", e);
    }
    return sb.toString();
  }

  /** As {@link #toCsv}, streamed to {@code out} (a 10^5-row table need not be one String). */
  public void writeCsv(Appendable out) throws IOException {
    CSVFormat format = CSVFormat.RFC4180.builder().setRecordSeparator('\n')
        .setHeader(columns.toArray(String[]::new)).build();
    CSVPrinter csv = new CSVPrinter(out, format);
    List<String> cells = new ArrayList<>();
    for (List<Object> r : rows) {
      cells.clear();
      for (Object v : r) {
        cells.add(v instanceof Number ? String.valueOf(v) : cell(v));
      }
      csv.printRecord(cells);
    }
    csv.flush();
  }

  /** The short label of a unit id on a page: its hash part ({@code mlp-128-lr0.001-1a2b3c4d5e} → {@code 1a2b3c4}). */
  static String shortId(String id) {
    int dash = id.lastIndexOf('-');
    String hash = dash >= 0 ? id.substring(dash + 1) : id;
    return hash.length() > 7 ? hash.substring(0, 7) : hash;
  }

  private String shown(int column, Object v) {
    return v instanceof String s && unitIdColumns.contains(columns.get(column)) ? shortId(s) : cell(v);
  }

  public String toMarkdown() {
    StringBuilder sb = new StringBuilder("| ").append(String.join(" | ", columns)).append(" |\n|");
    for (String c : columns) {
      sb.append("---|");
    }
    sb.append('\n');
    for (List<Object> r : rows) {
      sb.append("| ");
      for (int i = 0; i < r.size(); i++) {
        sb.append(shown(i, r.get(i)).replace("|", "\\|").replace("\n", " ")).append(" | ");
      }
      sb.setLength(sb.length() - 1);
      sb.append('\n');
    }
    return sb.toString();
  }

  public String toHtml() {
    StringBuilder sb = new StringBuilder("<table>\n<tr>");
    for (String c : columns) {
      sb.append("<th>").append(Html.escape(c)).append("</th>");
    }
    sb.append("</tr>\n");
    for (List<Object> r : rows) {
      sb.append("<tr>");
      for (int i = 0; i < r.size(); i++) {
        Object v = r.get(i);
        String shown = shown(i, v);
        sb.append(v instanceof Number ? "<td class=n>" : shown.equals(cell(v)) ? "<td>"
            : "<td title=\"" + Html.escape(cell(v)) + "\">").append(Html.escape(shown)).append("</td>");
      }
      sb.append("</tr>\n");
    }
    return sb.append("</table>\n").toString();
  }

  public ArrayNode toJson(ObjectMapper json) {
    ArrayNode arr = json.createArrayNode();
    for (List<Object> r : rows) {
      ObjectNode o = arr.addObject();
      for (int i = 0; i < columns.size(); i++) {
        o.set(columns.get(i), json.valueToTree(r.get(i)));
      }
    }
    return arr;
  }

  /** As {@link #toJson}, streamed: an array of one object per row. */
  public void writeJson(com.fasterxml.jackson.core.JsonGenerator out) throws IOException {
    out.writeStartArray();
    for (List<Object> r : rows) {
      out.writeStartObject();
      for (int i = 0; i < columns.size(); i++) {
        out.writeFieldName(columns.get(i));
        out.writeObject(r.get(i));
      }
      out.writeEndObject();
    }
    out.writeEndArray();
  }
}
