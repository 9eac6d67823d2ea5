package dev.flotilla.ensembles.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.lm.ByteTokens;
import dev.flotilla.executors.lm.TokenFiles;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.UnitCodec;
import dev.flotilla.executors.unit.UnitRecord;
import dev.flotilla.executors.unit.UnitRecordCodec;
import dev.flotilla.executors.unit.UnitResult;
import dev.flotilla.executors.unit.UnitRunner;
import dev.flotilla.executors.unit.UnitStatus;
import dev.flotilla.executors.unit.UnitTask;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSONL and Parquet domains: every good row a document in exactly one split, every bad row counted. */
class DomainInputsTest {

  @TempDir Path tmp;
  RunDir run;

  @BeforeEach
  void runDir() throws Exception {
    run = RunDir.at(tmp.resolve("run").toUri().toString(), new Configuration());
  }

  private static String doc(int i) {
    return "document " + i + " with some text, \"quoted\" and \u00e9t\u00e9 " + "x".repeat(i % 7);
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonlRowsBecomeDocumentsAndBadRowsAreCountedPerReason() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("law"));
    List<String> good = new ArrayList<>();
    StringBuilder a = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      good.add(doc(i));
      a.append(Json.PLAIN.writeValueAsString(Map.of("text", doc(i), "id", i))).append('\n');
    }
    a.append("{not json\n");                          // invalid_json (line 21)
    a.append("\n");                                   // invalid_json: an empty line is no JSON value
    a.append("{\"text\": \"a\"} trailing\n");         // invalid_json: more after the value
    a.append("{\"body\": \"no text field\"}\n");      // missing_field
    a.append("[\"an array\"]\n");                     // missing_field: not an object
    a.append("{\"text\": null}\n");                   // non_string
    a.append("{\"text\": 42}\r\n");                   // non_string (CRLF line end)
    a.append(Json.PLAIN.writeValueAsString(Map.of("text", doc(0)))).append('\n'); // duplicate of document 0
    a.append("{\"text\": \"\"}\n");                   // empty document
    Files.writeString(dir.resolve("a.jsonl"), a);
    // A second file, gzip-compressed, with a line that is not UTF-8 (invalid_json) and no final newline.
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      for (int i = 20; i < 30; i++) {
        good.add(doc(i));
        out.write((Json.PLAIN.writeValueAsString(Map.of("text", doc(i))) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      out.write(new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'});
      out.write(Json.PLAIN.writeValueAsString(Map.of("text", doc(30))).getBytes(StandardCharsets.UTF_8));
      good.add(doc(30));
    }
    Files.write(dir.resolve("b.jsonl.gz"), gz.toByteArray());
    Files.writeString(dir.resolve("README.md"), "not a document");

    CorpusUnit unit = new CorpusUnit("law", dir.toUri().toString(), 1, 0.2, 0.2, 1,
        new DomainInput(dir.toUri().toString(), "jsonl", "text"));
    UnitRecord rec = runUnit(unit);
    CorpusResult r = rec.result(CorpusResult.class);
    assertThat(r.files()).isEqualTo(2);
    assertThat(r.documents()).isEqualTo(31);
    assertThat(r.duplicateDocuments()).isEqualTo(1);
    assertThat(r.emptyDocuments()).isEqualTo(1);
    assertThat(r.invalidJsonRows()).isEqualTo(4);
    assertThat(r.missingFieldRows()).isEqualTo(2);
    assertThat(r.nonStringRows()).isEqualTo(2);
    assertThat(documents(rec)).containsExactlyInAnyOrderElementsOf(good);

    Map<?, ?> domain = Json.FILES.readValue(tmp.resolve("run/units").resolve(rec.unitId()).resolve("domain.json")
        .toFile(), Map.class);
    assertThat(domain.get("format")).isEqualTo("jsonl");
    assertThat((Map<String, Object>) domain.get("bad_rows")).containsEntry("invalid_json", 4).containsEntry("missing_field", 2)
        .containsEntry("non_string", 2);
    assertThat((Map<String, Object>) domain.get("first_bad_row")).containsEntry("invalid_json", hadoopPath(dir.resolve("a.jsonl")) + ":21")
        .containsEntry("non_string", hadoopPath(dir.resolve("a.jsonl")) + ":26: text is null");
  }

  @Test
  void parquetRowsBecomeDocumentsAndNullsAreCounted() throws Exception {
    Path file = tmp.resolve("web.parquet");
    MessageType schema = MessageTypeParser.parseMessageType(
        "message doc { optional binary content (STRING); optional int64 id; }");
    List<String> good = new ArrayList<>();
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
        .withType(schema).build()) {
      SimpleGroupFactory rows = new SimpleGroupFactory(schema);
      for (int i = 0; i < 25; i++) {
        Group g = rows.newGroup().append("id", (long) i);
        if (i % 5 == 4) {
          w.write(g); // content is null
        } else {
          good.add(doc(i));
          w.write(g.append("content", doc(i)));
        }
      }
    }
    UnitRecord rec = runUnit(new CorpusUnit("web", file.toUri().toString(), 1, 0.2, 0.2, 1,
        new DomainInput(file.toUri().toString(), "parquet", "content")));
    CorpusResult r = rec.result(CorpusResult.class);
    assertThat(r.documents()).isEqualTo(20);
    assertThat(r.nonStringRows()).isEqualTo(5);
    assertThat(r.invalidJsonRows() + r.missingFieldRows()).isZero();
    assertThat(documents(rec)).containsExactlyInAnyOrderElementsOf(good);

    // A column that is not there, or not a string, is one line naming the file and the column.
    UnitResult missing = UnitRunner.run(task(new CorpusUnit("web2", file.toUri().toString(), 1, 0.2, 0.2, 1,
        new DomainInput(file.toUri().toString(), "parquet", "text"))), 0, "test");
    assertThat(missing.status()).isEqualTo(UnitStatus.FAILED);
    assertThat(missing.error()).contains("web.parquet: no column 'text' (columns: [content, id])");
    UnitResult number = UnitRunner.run(task(new CorpusUnit("web3", file.toUri().toString(), 1, 0.2, 0.2, 1,
        new DomainInput(file.toUri().toString(), "parquet", "id"))), 0, "test");
    assertThat(number.error()).contains("web.parquet: column 'id' is optional int64 id, not a string");
  }

  @Test
  void aDomainWithoutDocumentsNamesItsFirstBadRow() throws Exception {
    Path file = tmp.resolve("bad.jsonl");
    Files.writeString(file, "{\"body\": 1}\n{\"text\": 2}\n{\"text\": \"only one\"}\n");
    UnitResult r = UnitRunner.run(task(new CorpusUnit("bad", file.toUri().toString(), 1, 0.2, 0.2, 1,
        new DomainInput(file.toUri().toString(), "jsonl", "text"))), 0, "test");
    assertThat(r.status()).isEqualTo(UnitStatus.FAILED);
    assertThat(r.error()).contains("domain bad").contains("has 1 distinct non-empty documents in 1 rows")
        .contains("first bad row: " + hadoopPath(file) + ":1: text: missing field");
  }

  @Test
  void inputsAreCheckedWhenMade() {
    assertThatThrownBy(() -> new DomainInput("x", "jsonl", null)).hasMessageContaining("jsonl documents need a field");
    assertThatThrownBy(() -> new DomainInput("x", "csv", "text")).hasMessageContaining("format 'csv' is not one of");
    assertThatThrownBy(() -> new DomainInput("x", "txt", "text")).hasMessageContaining("does not apply");
  }

  /** The text of every document of the unit's three shards, each once. */
  private List<String> documents(UnitRecord rec) throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    List<String> docs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String split : CorpusUnit.SPLITS) {
      char[] t = TokenFiles.read(fs, new org.apache.hadoop.fs.Path(tmp.resolve("run/units").resolve(rec.unitId())
          .resolve(split + TokenFiles.SUFFIX).toUri()));
      assertThat(t.length).as(split).isPositive();
      List<Integer> cur = null;
      for (char c : t) {
        if (c == ByteTokens.DOC) {
          if (cur != null) {
            docs.add(text(cur));
          }
          cur = new ArrayList<>();
        } else {
          cur.add((int) c);
        }
      }
      docs.add(text(cur));
    }
    assertThat(docs).allMatch(seen::add);
    return docs;
  }

  private static String text(List<Integer> tokens) {
    return ByteTokens.decode(tokens.stream().mapToInt(Integer::intValue).toArray());
  }

  private static String hadoopPath(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri()).toString();
  }

  private UnitTask task(CorpusUnit u) {
    return new UnitTask(UnitCodec.idOf(u), u.kind(), u.name(), UnitCodec.toJson(u), 0, 1, 7, run.uri(), 1000, Map.of());
  }

  private UnitRecord runUnit(CorpusUnit u) throws Exception {
    UnitResult result = UnitRunner.run(task(u), 0, "test");
    assertThat(result.status()).as(u.name() + ": " + result.error()).isEqualTo(UnitStatus.COMMITTED);
    return UnitRecordCodec.read(run, UnitCodec.idOf(u));
  }
}
