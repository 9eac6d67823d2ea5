package dev.flotilla.jobs.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.ensembles.corpus.CorpusResult;
import dev.flotilla.ensembles.corpus.CorpusUnit;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.UnitRecordCodec;
import dev.flotilla.jobs.testing.Sparks;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own domains on HDFS (MiniDFSCluster in this JVM) beside a local .txt folder: a JSONL
 * folder and a Parquet file become domains of the corpus job, their bad rows counted in the
 * records and the report.
 */
class CorpusHdfsTest {

  @TempDir static Path base;
  static MiniDFSCluster hdfs;
  static SparkSession spark;

  @BeforeAll
  static void start() throws Exception {
    hdfs = dev.flotilla.jobs.testing.MiniHdfs.start(base);
    spark = Sparks.local();
    Path local = Files.createDirectories(base.resolve("corpus/notes"));
    for (int i = 0; i < 5; i++) {
      Files.writeString(local.resolve(i + ".txt"), "note number " + i);
    }
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @Test
  void jsonlAndParquetDomainsOnHdfsBesideTxtFolders() throws Exception {
    FileSystem fs = hdfs.getFileSystem();
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path("/data/law/part-0.jsonl"))) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        s.append("{\"text\": \"Article ").append(i).append(": the parties agree to clause ").append(i * 7)
            .append(".\\n\", \"n\": ").append(i).append("}\n");
      }
      s.append("{\"text\": null}\n{broken\n{\"title\": \"no text\"}\n");
      out.write(s.toString().getBytes(StandardCharsets.UTF_8));
    }
    MessageType schema = MessageTypeParser.parseMessageType("message web { optional binary body (STRING); }");
    try (ParquetWriter<org.apache.parquet.example.data.Group> w = ExampleParquetWriter
        .builder(new org.apache.hadoop.fs.Path(hdfs.getURI() + "/data/web.parquet")).withConf(fs.getConf())
        .withType(schema).build()) {
      SimpleGroupFactory rows = new SimpleGroupFactory(schema);
      for (int i = 0; i < 30; i++) {
        w.write(i == 3 ? rows.newGroup() : rows.newGroup().append("body", "page " + i + " of the web crawl"));
      }
    }
    String runDir = base.resolve("run").toUri().toString();
    JobSpec job = Sparks.job("""
        job = corpus
        engine { run-dir = "%s", master = "local[2]", progress = false }
        corpus {
          dir = "%s"
          valid-fraction = 0.2
          test-fraction = 0.2
          extra-domains = [
            { name = law, path = "%s/data/law", format = jsonl, field = text }
            { name = web, path = "%s/data/web.parquet", format = parquet, field = body }
          ]
        }
        """.formatted(runDir, base.resolve("corpus"), hdfs.getURI(), hdfs.getURI()));
    assertThat(job.plan().units()).extracting(u -> ((CorpusUnit) u.unit()).domain())
        .containsExactly("notes", "law", "web");
    RunManifest m = Flotilla.run(spark, job);
    RunDir run = RunDir.at(runDir, new Configuration());
    Map<String, CorpusResult> results = new HashMap<>();
    for (UnitEntry e : m.units.values()) {
      assertThat(e.state).isEqualTo(UnitState.COMMITTED);
      CorpusResult r = UnitRecordCodec.read(run, e.id).result(CorpusResult.class);
      results.put(r.domain(), r);
    }
    assertThat(results.get("law").documents()).isEqualTo(40);
    assertThat(results.get("law").badRows()).isEqualTo(3);
    assertThat(results.get("law").nonStringRows()).isEqualTo(1);
    assertThat(results.get("web").documents()).isEqualTo(29);
    assertThat(results.get("web").nonStringRows()).isEqualTo(1);
    assertThat(results.get("notes").documents()).isEqualTo(5);
    String csv = Files.readString(base.resolve("run/report/domains.csv"));
    assertThat(csv).contains("invalid_json_rows").contains("law,1,40,0,0,1,1,1,");
  }

  @Test
  void aMissingExtraDomainIsOneLineNamingItsKey() {
    assertThatThrownBy(() -> Sparks.job("""
        job = corpus
        engine { run-dir = "%s", progress = false }
        corpus {
          dir = "%s"
          extra-domains = [ { name = law, path = "%s/nowhere", format = jsonl, field = text } ]
        }
        """.formatted(base.resolve("run2").toUri(), base.resolve("corpus"), hdfs.getURI())))
        .hasMessageContaining("corpus.extra-domains").hasMessageContaining("/nowhere does not exist");
    assertThatThrownBy(() -> Sparks.job("""
        job = corpus
        engine { run-dir = "%s", progress = false }
        corpus {
          dir = "%s"
          extra-domains = [ { name = law, path = "%s/nowhere", format = jsonl } ]
        }
        """.formatted(base.resolve("run3").toUri(), base.resolve("corpus"), hdfs.getURI())))
        .hasMessageContaining("corpus.extra-domains[0].format = jsonl").hasMessageContaining("need a field");
  }
}
