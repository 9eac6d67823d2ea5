package dev.flotilla.ensembles.corpus.debian;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.executors.json.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A domain's selected documents in a unit's output, in selection order: {@code documents.jsonl},
 * one {@code {"key", "source", "text"}} object a line (one file instead of thousands).
 */
public final class DocumentsFile {

  public static final String NAME = "documents.jsonl";

  private DocumentsFile() {}

  static void write(FileSystem fs, Path file, List<SelectedDocument> docs) throws IOException {
    try (Writer w = new BufferedWriter(new OutputStreamWriter(fs.create(file, false), StandardCharsets.UTF_8), 1 << 16)) {
      for (SelectedDocument d : docs) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("key", d.key());
        row.put("source", d.source());
        row.put("text", new String(d.text(), StandardCharsets.UTF_8));
        w.write(Json.PLAIN.writeValueAsString(row));
        w.write('\n');
      }
    }
  }

  public static List<SelectedDocument> read(FileSystem fs, Path file) throws IOException {
    List<SelectedDocument> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8), 1 << 16)) {
      int line = 0;
      for (String s = r.readLine(); s != null; s = r.readLine()) {
        line++;
        JsonNode n;
        try {
          n = Json.PLAIN.readTree(s);
        } catch (IOException e) {
          throw new IOException(file + ":" + line + ": not a JSON document row: " + e.getMessage(), e);
        }
        out.add(new SelectedDocument(n.path("key").asText(), n.path("source").asText(),
            n.path("text").asText().getBytes(StandardCharsets.UTF_8)));
      }
    }
    return out;
  }
}
