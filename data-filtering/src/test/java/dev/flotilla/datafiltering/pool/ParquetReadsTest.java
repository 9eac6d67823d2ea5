package dev.flotilla.datafiltering.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.datafiltering.curation.ScoreTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet read through small direct buffers gives every row back, row group after row group, and
 * frees each row group's buffers; the user's own buffer size wins.
 */
class ParquetReadsTest {

  @Test
  void chunksLargerThanTheBufferAreReadWhole(@TempDir Path dir) throws Exception {
    // 60,000 random uids: ~2 MB of uids in row groups of ~1 MiB, each chunk larger than the read buffer.
    org.apache.hadoop.fs.Path table = new org.apache.hadoop.fs.Path(dir.resolve("scores.parquet").toUri());
    Random random = new Random(7);
    List<String> uids = new ArrayList<>();
    try (ScoreTables.Writer out = new ScoreTables.Writer(table, new Configuration(), ScoreTables.SCORES)) {
      for (int i = 0; i < 60_000; i++) {
        String uid = String.format("%016x%016x", random.nextLong(), random.nextLong());
        uids.add(uid);
        out.score(uid, i / 60_000f);
      }
    }
    List<String> read = new ArrayList<>();
    List<Float> scores = new ArrayList<>();
    ScoreTables.forEachScore(table, new Configuration(), (uid, s) -> {
      read.add(uid);
      scores.add(s);
    });
    assertThat(read).containsExactlyElementsOf(uids);
    assertThat(scores.get(59_999)).isEqualTo(59_999 / 60_000f);
  }

  @Test
  void rowGroupsAreReadOneAfterAnotherAndTheirBuffersFreed(@TempDir Path dir) throws Exception {
    // 40 row groups of ~40 KB: every row comes back in order, and the direct buffers of a row
    // group are freed when the next is read (left to the collector they would add up: nothing
    // collects in a test this small).
    org.apache.hadoop.fs.Path table = new org.apache.hadoop.fs.Path(dir.resolve("groups.parquet").toUri());
    List<String> uids = writeRowGroups(table, 40_000, 8);
    long fileBytes = java.nio.file.Files.size(dir.resolve("groups.parquet"));
    int groups;
    try (org.apache.parquet.hadoop.ParquetFileReader r = org.apache.parquet.hadoop.ParquetFileReader.open(
        org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(table, new Configuration()))) {
      groups = r.getRowGroups().size();
    }
    assertThat(groups).isGreaterThan(10);
    java.lang.management.BufferPoolMXBean direct = directPool();
    long before = direct.getMemoryUsed();
    long most = 0;
    List<String> read = new ArrayList<>();
    try (ParquetReads.Rows rows = ParquetReads.rows(table, new Configuration())) {
      for (org.apache.parquet.example.data.Group g = rows.read(); g != null; g = rows.read()) {
        read.add(g.getString("uid", 0));
        most = Math.max(most, direct.getMemoryUsed() - before);
      }
    }
    assertThat(read).containsExactlyElementsOf(uids);
    assertThat(most).as("direct memory while reading %d row groups of a %d-byte file", groups, fileBytes)
        .isLessThan(fileBytes / 4);
  }

  @Test
  void columnsAreReadAloneRowGroupAfterRowGroupAndTheirBuffersFreed(@TempDir Path dir) throws Exception {
    // The same 40 row groups, read column by column: the score column alone, then both in step.
    org.apache.hadoop.fs.Path table = new org.apache.hadoop.fs.Path(dir.resolve("groups.parquet").toUri());
    List<String> uids = writeRowGroups(table, 40_000, 9);
    java.lang.management.BufferPoolMXBean direct = directPool();
    long before = direct.getMemoryUsed();
    long most = 0;
    List<Float> scores = new ArrayList<>();
    try (ParquetReads.Columns in = ParquetReads.columns(table, new Configuration(), "score")) {
      while (in.next()) {
        scores.add(in.getFloat(0));
        most = Math.max(most, direct.getMemoryUsed() - before);
      }
      assertThat(in.next()).isFalse();
    }
    assertThat(scores).hasSize(40_000);
    for (int i = 0; i < scores.size(); i++) {
      assertThat(scores.get(i)).isEqualTo(i / 40_000f);
    }
    long fileBytes = java.nio.file.Files.size(dir.resolve("groups.parquet"));
    assertThat(most).as("direct memory while reading one column of a %d-byte file", fileBytes)
        .isLessThan(fileBytes / 4);

    List<String> read = new ArrayList<>();
    try (ParquetReads.Columns in = ParquetReads.columns(table, new Configuration(), "uid", "score")) {
      int i = 0;
      while (in.next()) {
        read.add(in.getBinary(0).toStringUsingUTF8());
        assertThat(in.getFloat(1)).isEqualTo(i++ / 40_000f);
      }
    }
    assertThat(read).containsExactlyElementsOf(uids);
  }

  @Test
  void aColumnTheFileLacksIsAnErrorNamingTheFile(@TempDir Path dir) throws Exception {
    org.apache.hadoop.fs.Path table = new org.apache.hadoop.fs.Path(dir.resolve("scores.parquet").toUri());
    writeRowGroups(table, 10, 1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ParquetReads.columns(table, new Configuration(), "text"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scores.parquet")
        .hasMessageContaining("no column 'text'");
  }

  /** The JVM's pool of direct buffers (what they hold). */
  private static java.lang.management.BufferPoolMXBean directPool() {
    return java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)
        .stream().filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
  }

  /** A scores table of {@code rows} random uids (score i/rows) in row groups of ~40 KB; its uids. */
  private static List<String> writeRowGroups(org.apache.hadoop.fs.Path table, int rows, long seed) throws Exception {
    Random random = new Random(seed);
    List<String> uids = new ArrayList<>();
    try (org.apache.parquet.hadoop.ParquetWriter<org.apache.parquet.example.data.Group> out =
        org.apache.parquet.hadoop.example.ExampleParquetWriter.builder(table).withConf(new Configuration())
            .withType(ScoreTables.SCORES).withRowGroupSize(40 << 10).withPageSize(8 << 10).build()) {
      org.apache.parquet.example.data.simple.SimpleGroupFactory factory =
          new org.apache.parquet.example.data.simple.SimpleGroupFactory(ScoreTables.SCORES);
      for (int i = 0; i < rows; i++) {
        String uid = String.format("%016x%016x", random.nextLong(), random.nextLong());
        uids.add(uid);
        out.write(factory.newGroup().append("uid", uid).append("score", i / (float) rows));
      }
    }
    return uids;
  }

  @Test
  void theUsersBufferSizeWinsAndTheirConfIsNotChanged() {
    Configuration plain = new Configuration(false);
    Configuration small = ParquetReads.smallBuffers(plain);
    assertThat(small.getInt(ParquetReads.ALLOCATION_KEY, -1)).isEqualTo(ParquetReads.BUFFER_BYTES);
    assertThat(small.get(ParquetReads.VECTORED_IO_KEY)).isEqualTo("false");
    assertThat(plain.get(ParquetReads.ALLOCATION_KEY)).isNull();
    assertThat(plain.get(ParquetReads.VECTORED_IO_KEY)).isNull();

    Configuration own = new Configuration(false);
    own.setInt(ParquetReads.ALLOCATION_KEY, 1 << 20);
    own.setBoolean(ParquetReads.VECTORED_IO_KEY, true);
    assertThat(ParquetReads.smallBuffers(own).getInt(ParquetReads.ALLOCATION_KEY, -1)).isEqualTo(1 << 20);
    assertThat(ParquetReads.smallBuffers(own).getBoolean(ParquetReads.VECTORED_IO_KEY, false)).isTrue();
  }
}
