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

/** Parquet read through small buffers gives every row back; the user's own buffer size wins. */
class ParquetReadsTest {

  @Test
  void chunksLargerThanTheBufferAreReadWhole(@TempDir Path dir) throws Exception {
    // 60,000 random uids: a uid column chunk of ~2 MB, eight times the read buffer.
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
