package dev.flotilla.driver.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A small result table rendered as CSV, Markdown, HTML and JSON. Immutable. */
public record Table(List<String> columns, List<List<Object>> rows) {

  public Table {
    columns = List.copyOf(columns);
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

  /** Mutable builder for a table. */
  public static final class Builder {
    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();

    public Builder(String... columns) {
      this.columns = List.of(columns);
    }

    public Builder row(Object... cells) {
      rows.add(java.util.Arrays.asList(cells));
      return this;
    }

    public Table build() {
      return new Table(columns, rows);
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

  public String toCsv() {
    StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
    for (List<Object> r : rows) {
      List<String> cells = new ArrayList<>();
      for (Object v : r) {
        String s = v instanceof Number ? String.valueOf(v) : cell(v);
        cells.add(s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
      }
      sb.append(String.join(",", cells)).append('\n');
    }
    return sb.toString();
  }

  public String toMarkdown() {
    StringBuilder sb = new StringBuilder("| ").append(String.join(" | ", columns)).append(" |\n|");
    for (String c : columns) {
      sb.append("---|");
    }
    sb.append('\n');
    for (List<Object> r : rows) {
      sb.append("| ");
      for (Object v : r) {
        sb.append(cell(v).replace("|", "\\|")).append(" | ");
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
      for (Object v : r) {
        sb.append(v instanceof Number ? "<td class=n>" : "<td>").append(Html.escape(cell(v))).append("</td>");
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
}
