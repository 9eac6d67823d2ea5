package dev.flotilla.datafiltering.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

class WebDatasetTest {

  static PoolSample sample(int i) {
    byte[] img = new byte[100 + i];
    Arrays.fill(img, (byte) i);
    return new PoolSample(String.format("%09d", i), Uids.of("sample-" + i), img, "png",
        "a photo of item " + i, "{\"uid\":\"" + Uids.of("sample-" + i) + "\",\"width\":28}");
  }

  static byte[] shard(int n) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WebDatasetWriter w = new WebDatasetWriter(out)) {
      for (int i = 0; i < n; i++) {
        w.write(sample(i));
      }
    }
    return out.toByteArray();
  }

  static List<PoolSample> readAll(byte[] tar, SkipCounts[] skipped) throws Exception {
    List<PoolSample> out = new ArrayList<>();
    try (WebDatasetReader r = new WebDatasetReader(new ByteArrayInputStream(tar))) {
      while (r.hasNext()) {
        out.add(r.next());
      }
      skipped[0] = r.skipped();
    }
    return out;
  }

  @Test
  void roundTripKeepsEverySample() throws Exception {
    SkipCounts[] skipped = new SkipCounts[1];
    List<PoolSample> back = readAll(shard(50), skipped);
    assertThat(back).hasSize(50);
    for (int i = 0; i < 50; i++) {
      PoolSample a = sample(i);
      PoolSample b = back.get(i);
      assertThat(b.key()).isEqualTo(a.key());
      assertThat(b.uid()).isEqualTo(a.uid());
      assertThat(b.image()).isEqualTo(a.image());
      assertThat(b.text()).isEqualTo(a.text());
      assertThat(b.json()).isEqualTo(a.json());
    }
    assertThat(skipped[0].total()).isZero();
  }

  @Test
  void aTruncatedShardKeepsWhatWasReadAndCountsTheLoss() throws Exception {
    byte[] full = shard(20);
    byte[] cut = Arrays.copyOf(full, full.length / 2);
    SkipCounts[] skipped = new SkipCounts[1];
    List<PoolSample> back = readAll(cut, skipped);
    assertThat(back.size()).isBetween(5, 10);
    assertThat(skipped[0].get(SkipCounts.TRUNCATED_TAR)).isEqualTo(1);
  }

  @Test
  void aFileThatIsNotATarIsCountedAsCorrupt() throws Exception {
    byte[] garbage = new byte[2048];
    new java.util.Random(1).nextBytes(garbage);
    SkipCounts[] skipped = new SkipCounts[1];
    assertThat(readAll(garbage, skipped)).isEmpty();
    assertThat(skipped[0].get(SkipCounts.CORRUPT_TAR) + skipped[0].get(SkipCounts.TRUNCATED_TAR)).isEqualTo(1);
  }

  @Test
  void missingTextMissingUidAndEscapingNamesAreCountedNotDropped() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      put(tar, "a.png", new byte[] {1});
      put(tar, "a.json", ("{\"uid\":\"" + Uids.of("a") + "\"}").getBytes(StandardCharsets.UTF_8));
      put(tar, "b.png", new byte[] {1});
      put(tar, "b.txt", "caption".getBytes(StandardCharsets.UTF_8));
      put(tar, "b.json", "{}".getBytes(StandardCharsets.UTF_8));
      put(tar, "../evil.png", new byte[] {1});
      put(tar, "../evil.txt", "x".getBytes(StandardCharsets.UTF_8));
      put(tar, "c.txt", "only text".getBytes(StandardCharsets.UTF_8));
      put(tar, "d.png", new byte[] {2});
      put(tar, "d.txt", "good".getBytes(StandardCharsets.UTF_8));
      put(tar, "d.json", ("{\"uid\":\"" + Uids.of("d") + "\"}").getBytes(StandardCharsets.UTF_8));
    }
    SkipCounts[] skipped = new SkipCounts[1];
    List<PoolSample> back = readAll(out.toByteArray(), skipped);
    assertThat(back).extracting(PoolSample::key).containsExactly("d");
    assertThat(skipped[0].asMap()).containsEntry(SkipCounts.MISSING_TEXT, 1L)
        .containsEntry(SkipCounts.MISSING_UID, 1L).containsEntry(SkipCounts.UNSAFE_PATH, 1L)
        .containsEntry(SkipCounts.MISSING_IMAGE, 1L);
  }

  /** A real shard whose second caption is Latin-1 ("café crème" with é = 0xE9, è = 0xE8). */
  private static java.nio.file.Path latin1Shard(java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("latin1.tar");
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(java.nio.file.Files.newOutputStream(file))) {
      String[] keys = {"a", "b", "c"};
      byte[][] captions = {"a plain caption".getBytes(StandardCharsets.UTF_8),
          "café crème".getBytes(StandardCharsets.ISO_8859_1), "déjà vu, in UTF-8".getBytes(StandardCharsets.UTF_8)};
      for (int i = 0; i < 3; i++) {
        put(tar, keys[i] + ".png", new byte[] {1});
        put(tar, keys[i] + ".txt", captions[i]);
        put(tar, keys[i] + ".json", ("{\"uid\":\"" + Uids.of(keys[i]) + "\"}").getBytes(StandardCharsets.UTF_8));
      }
    }
    return file;
  }

  @Test
  void aLatin1CaptionIsCountedAndReplacedOrSkipped(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    org.apache.hadoop.fs.Path shard = new org.apache.hadoop.fs.Path(latin1Shard(dir).toUri());
    var conf = new org.apache.hadoop.conf.Configuration();
    for (CaptionDecoding policy : CaptionDecoding.values()) {
      List<PoolSample> back = new ArrayList<>();
      SkipCounts skipped;
      try (PoolReader r = PoolFormat.open(shard, conf, policy)) {
        while (r.hasNext()) {
          back.add(r.next());
        }
        skipped = r.skipped();
      }
      assertThat(skipped.asMap()).as(policy.configName()).containsOnly(java.util.Map.entry(SkipCounts.INVALID_UTF8, 1L));
      if (policy == CaptionDecoding.REPLACE) {
        assertThat(back).extracting(PoolSample::text)
            .containsExactly("a plain caption", "caf\uFFFD cr\uFFFDme", "déjà vu, in UTF-8");
      } else {
        assertThat(back).extracting(PoolSample::key).containsExactly("a", "c");
      }
    }
    // The default (and what readers made before the policy existed do): replace, and count.
    SkipCounts[] skipped = new SkipCounts[1];
    assertThat(readAll(java.nio.file.Files.readAllBytes(latin1Shard(dir)), skipped)).hasSize(3);
    assertThat(skipped[0].get(SkipCounts.INVALID_UTF8)).isEqualTo(1);
  }

  @Test
  void policiesAreNamedAsInTheConfig() {
    assertThat(CaptionDecoding.parse("skip")).isEqualTo(CaptionDecoding.SKIP);
    assertThatThrownBy(() -> CaptionDecoding.parse("drop")).hasMessage(
        "unknown invalid-UTF-8 policy 'drop'; known: [replace, skip]");
  }

  @Test
  void theWriterRefusesKeysThatEscape() {
    PoolSample bad = new PoolSample("../x", Uids.of("x"), new byte[1], "png", "t", null);
    assertThatThrownBy(() -> new WebDatasetWriter(new ByteArrayOutputStream()).write(bad))
        .hasMessageContaining("unsafe sample key '../x'");
  }

  private static void put(TarArchiveOutputStream tar, String name, byte[] data) throws Exception {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(data.length);
    tar.putArchiveEntry(e);
    tar.write(data);
    tar.closeArchiveEntry();
  }
}
