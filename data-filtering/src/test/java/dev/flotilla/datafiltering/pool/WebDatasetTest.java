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
