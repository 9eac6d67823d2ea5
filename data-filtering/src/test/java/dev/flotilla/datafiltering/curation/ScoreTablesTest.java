package dev.flotilla.datafiltering.curation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the score tables are laid out, because a scoring unit holds what its writer buffers: row
 * groups of about {@link ScoreTables.Writer#ROW_GROUP_BYTES}, and no dictionaries for the unique
 * uids and continuous scores (the curated table's shard names keep theirs).
 */
class ScoreTablesTest {

  @Test
  void aUnitsScoresAreWrittenInSmallRowGroupsWithoutDictionaries(@TempDir Path dir) throws Exception {
    org.apache.hadoop.fs.Path table = new org.apache.hadoop.fs.Path(dir.resolve("scores.parquet").toUri());
    Random random = new Random(11);
    List<String> uids = new ArrayList<>();
    try (ScoreTables.Writer out = new ScoreTables.Writer(table, new Configuration(), ScoreTables.SCORES)) {
      for (int i = 0; i < 50_000; i++) { // a pool shard's worth: ~1.8 MB of values
        String uid = String.format("%016x%016x", random.nextLong(), random.nextLong());
        uids.add(uid);
        out.score(uid, random.nextFloat());
      }
    }
    List<BlockMetaData> groups = footer(table);
    assertThat(groups).as("row groups").hasSizeGreaterThan(1);
    for (BlockMetaData g : groups) {
      // The writer checks its size every few thousand rows: a little over the target at most.
      assertThat(g.getTotalByteSize()).as("a row group's bytes").isLessThan(ScoreTables.Writer.ROW_GROUP_BYTES * 5L / 4);
      for (ColumnChunkMetaData c : g.getColumns()) {
        assertThat(c.getEncodings()).as(c.getPath().toDotString())
            .doesNotContain(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
        assertThat(c.getDictionaryPageOffset()).as(c.getPath().toDotString()).isZero();
      }
    }
    List<String> read = new ArrayList<>();
    ScoreTables.forEachScore(table, new Configuration(), (uid, s) -> read.add(uid));
    assertThat(read).containsExactlyElementsOf(uids);
  }

  @Test
  void theCuratedTablesShardNamesKeepTheirDictionary(@TempDir Path dir) throws Exception {
    org.apache.hadoop.fs.Path table = new org.apache.hadoop.fs.Path(dir.resolve("kept.parquet").toUri());
    try (ScoreTables.Writer out = new ScoreTables.Writer(table, new Configuration(), ScoreTables.CURATED)) {
      for (int i = 0; i < 1_000; i++) {
        out.curated(String.format("%032x", i), i / 1000f, "a caption " + i, "shard-0000" + (i % 3) + ".tar");
      }
    }
    for (ColumnChunkMetaData c : footer(table).get(0).getColumns()) {
      boolean dictionary = c.getEncodings().contains(Encoding.PLAIN_DICTIONARY)
          || c.getEncodings().contains(Encoding.RLE_DICTIONARY);
      assertThat(dictionary).as(c.getPath().toDotString()).isEqualTo(c.getPath().toDotString().equals("shard"));
    }
  }

  private static List<BlockMetaData> footer(org.apache.hadoop.fs.Path table) throws Exception {
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(table, new Configuration()))) {
      return r.getFooter().getBlocks();
    }
  }
}
