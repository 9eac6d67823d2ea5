package dev.flotilla.datafiltering.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.datafiltering.curation.UidArray;
import dev.flotilla.datafiltering.curation.UidList;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A subset's uid list back to shards of a given size: each listed pair once, in pool order. */
class ReshardTest {

  @TempDir java.nio.file.Path tmp;
  static final Configuration CONF = new Configuration();

  @Test
  void listedPairsGoToNewShardsOnceEach() throws Exception {
    java.nio.file.Path pool = tmp.resolve("pool");
    PoolFiles.make(new PoolFiles.MakeSpec("/usr/share/datasets/fashion-mnist", 5000, 300, 150,
        List.of(0.4, 0.25, 0.2, 0.15), 3, PoolFormat.WEBDATASET, pool.toString(), tmp.resolve("t.tsv").toString(), 1),
        CONF, System.err);
    List<Path> shards = PoolShards.list(pool.toString(), CONF);
    // A second copy of the first shard: its pairs must not be written twice.
    Files.copy(java.nio.file.Path.of(shards.get(0).toUri()), pool.resolve("zz-copy.tar"));
    List<String> all = new ArrayList<>();
    for (Path s : shards) {
      try (PoolReader r = PoolFormat.open(s, CONF)) {
        while (r.hasNext()) {
          all.add(r.next().uid());
        }
      }
    }
    List<String> listed = new ArrayList<>();
    for (int i = 0; i < all.size(); i += 3) {
      listed.add(all.get(i));
    }
    listed.add(Uids.of("not in the pool"));
    java.nio.file.Path npy = tmp.resolve("uids.npy");
    try (OutputStream out = Files.newOutputStream(npy)) {
      UidArray.write(out, listed);
    }
    List<String> back = UidList.read(npy.toString(), CONF);
    assertThat(back).containsExactlyInAnyOrderElementsOf(listed);
    UidSet keep = new UidSet();
    back.forEach(keep::add);
    Path out = new Path(tmp.resolve("out").toUri());
    PoolShards.Resharded r = PoolShards.reshard(PoolShards.list(pool.toString(), CONF), keep, out, PoolFormat.PARQUET,
        40, CONF);
    assertThat(r.written()).isEqualTo(100);
    assertThat(r.notFound()).isEqualTo(1);
    assertThat(r.duplicates()).isEqualTo(50); // every third pair of the copied shard
    assertThat(r.shards()).extracting(Path::getName).containsExactly("shard-00000.parquet", "shard-00001.parquet",
        "shard-00002.parquet");
    List<String> written = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (Path s : r.shards()) {
      int n = 0;
      try (PoolReader reader = PoolFormat.open(s, CONF)) {
        while (reader.hasNext()) {
          written.add(reader.next().uid());
          n++;
        }
      }
      sizes.add(n);
    }
    assertThat(sizes).containsExactly(40, 40, 20);
    assertThat(written).containsExactlyElementsOf(listed.subList(0, 100)); // pool order, once each
  }

  @Test
  void badUidListsNameTheFileAndLine() throws Exception {
    java.nio.file.Path txt = tmp.resolve("uids.txt");
    Files.writeString(txt, Uids.of("a") + "\n\nnot-a-uid\n");
    assertThatThrownBy(() -> UidList.read(txt.toString(), CONF)).hasMessage(txt + ":3: not a 32-hex uid: 'not-a-uid'");
    java.nio.file.Path npy = tmp.resolve("x.npy");
    Files.writeString(npy, "not numpy");
    assertThatThrownBy(() -> UidList.read(npy.toString(), CONF)).hasMessage(npy + " is not a NumPy .npy file (version 1)");
  }
}
