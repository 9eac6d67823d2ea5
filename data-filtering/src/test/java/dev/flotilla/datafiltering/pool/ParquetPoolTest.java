package dev.flotilla.datafiltering.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.executors.data.FashionMnist;
import dev.flotilla.executors.data.LabeledImages;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet pool shards: round trips with WebDataset, bad rows counted per reason, headers. */
class ParquetPoolTest {

  static LabeledImages images;
  static final Configuration CONF = new Configuration();

  @TempDir java.nio.file.Path tmp;

  @BeforeAll
  static void load() throws Exception {
    images = FashionMnist.train(java.nio.file.Path.of(FashionMnist.DEBIAN_DIR)).head(500);
  }

  private Path path(String name) {
    return new Path(tmp.resolve(name).toUri());
  }

  private static List<PoolSample> readAll(Path file, SkipCounts[] skipped) throws Exception {
    List<PoolSample> out = new ArrayList<>();
    try (PoolReader r = PoolFormat.open(file, CONF)) {
      while (r.hasNext()) {
        out.add(r.next());
      }
      skipped[0] = r.skipped();
    }
    return out;
  }

  @Test
  void tarToParquetToTarGivesTheSameTar() throws Exception {
    PoolMaker maker = new PoolMaker(images, new double[] {0.4, 0.25, 0.2, 0.15}, 3);
    Path tar = path("a.tar");
    // 2,000 pairs over 500 images: augmented copies included.
    try (PoolWriter w = PoolFormat.WEBDATASET.create(tar, CONF)) {
      maker.writeShard(0, 2000, w, new StringWriter());
    }
    Path parquet = path("a.parquet");
    PoolShards.Converted toParquet = PoolShards.convert(tar, parquet, PoolFormat.PARQUET, CONF);
    assertThat(toParquet.samples()).isEqualTo(2000);
    assertThat(toParquet.skipped().total()).isZero();
    Path back = path("b.tar");
    PoolShards.Converted toTar = PoolShards.convert(parquet, back, PoolFormat.WEBDATASET, CONF);
    assertThat(toTar.samples()).isEqualTo(2000);
    assertThat(toTar.skipped().total()).isZero();
    SkipCounts[] skipped = new SkipCounts[1];
    List<PoolSample> a = readAll(tar, skipped);
    List<PoolSample> b = readAll(back, skipped);
    assertThat(b).hasSize(2000);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i)).usingRecursiveComparison().isEqualTo(a.get(i));
    }
    // Byte for byte, too (tar entries carry a fixed time).
    assertThat(java.util.Arrays.equals(Files.readAllBytes(tmp.resolve("b.tar")),
        Files.readAllBytes(tmp.resolve("a.tar")))).isTrue();
    // A Parquet shard's footer tells a scorer its size (to size its uid set once); a tar cannot.
    try (PoolReader r = PoolFormat.open(parquet, CONF, CaptionDecoding.REPLACE);
         PoolReader t = PoolFormat.open(tar, CONF, CaptionDecoding.REPLACE)) {
      assertThat(r.recordedSamples()).isEqualTo(2000);
      assertThat(t.recordedSamples()).isEqualTo(-1);
    }
    // Width and height are real columns (from the PNG header), as DataComp's metadata has them.
    try (var in = org.apache.parquet.hadoop.ParquetReader.builder(
        new org.apache.parquet.hadoop.example.GroupReadSupport(), parquet).withConf(CONF).build()) {
      Group g = in.read();
      assertThat(g.getInteger("width", 0)).isEqualTo(28);
      assertThat(g.getInteger("height", 0)).isEqualTo(28);
      assertThat(g.getString("uid", 0)).isEqualTo(maker.make(0).sample().uid());
    }
  }

  @Test
  void badRowsAreCountedPerReasonAndTheRestIsRead() throws Exception {
    byte[] png = PoolMaker.png(new float[784], 28, 28);
    Path file = path("bad.parquet");
    SimpleGroupFactory rows = new SimpleGroupFactory(ParquetPoolWriter.SCHEMA);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(file).withConf(CONF)
        .withType(ParquetPoolWriter.SCHEMA).build()) {
      w.write(rows.newGroup().append("uid", Uids.of("ok-1")).append("image", Binary.fromConstantByteArray(png))
          .append("text", "a photo of a bag"));
      w.write(rows.newGroup().append("image", Binary.fromConstantByteArray(png)).append("text", "no uid"));
      w.write(rows.newGroup().append("uid", "not-hex").append("image", Binary.fromConstantByteArray(png))
          .append("text", "bad uid"));
      w.write(rows.newGroup().append("uid", Uids.of("no-text")).append("image", Binary.fromConstantByteArray(png)));
      w.write(rows.newGroup().append("uid", Uids.of("blank")).append("image", Binary.fromConstantByteArray(png))
          .append("text", "  "));
      w.write(rows.newGroup().append("uid", Uids.of("no-image")).append("text", "a dress"));
      w.write(rows.newGroup().append("uid", Uids.of("garbage")).append("text", "a coat")
          .append("image", Binary.fromConstantByteArray(new byte[] {1, 2, 3, 4, 5})));
      w.write(rows.newGroup().append("uid", Uids.of("escape")).append("text", "a coat").append("key", "../x")
          .append("image", Binary.fromConstantByteArray(png)));
      w.write(rows.newGroup().append("uid", Uids.of("ok-2")).append("image", Binary.fromConstantByteArray(png))
          .append("text", "a photo of a coat").append("key", "k2"));
    }
    SkipCounts[] skipped = new SkipCounts[1];
    List<PoolSample> read = readAll(file, skipped);
    assertThat(read).extracting(PoolSample::uid).containsExactly(Uids.of("ok-1"), Uids.of("ok-2"));
    // Without key or json columns the key is the uid and the JSON is made from the header.
    assertThat(read.get(0).key()).isEqualTo(Uids.of("ok-1"));
    assertThat(read.get(0).json()).contains("\"width\":28");
    assertThat(read.get(1).key()).isEqualTo("k2");
    assertThat(skipped[0].asMap()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
        SkipCounts.MISSING_UID, 2L, SkipCounts.MISSING_TEXT, 2L, SkipCounts.MISSING_IMAGE, 1L,
        SkipCounts.CORRUPT_IMAGE, 1L, SkipCounts.UNSAFE_PATH, 1L));
  }

  @Test
  void aLatin1CaptionIsCountedAndReplacedOrSkipped() throws Exception {
    byte[] png = PoolMaker.png(new float[784], 28, 28);
    Path file = path("latin1.parquet");
    SimpleGroupFactory rows = new SimpleGroupFactory(ParquetPoolWriter.SCHEMA);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(file).withConf(CONF)
        .withType(ParquetPoolWriter.SCHEMA).build()) {
      w.write(rows.newGroup().append("uid", Uids.of("utf8")).append("image", Binary.fromConstantByteArray(png))
          .append("text", "déjà vu"));
      w.write(rows.newGroup().append("uid", Uids.of("latin1")).append("image", Binary.fromConstantByteArray(png))
          .append("text", Binary.fromConstantByteArray("café".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))));
    }
    for (CaptionDecoding policy : CaptionDecoding.values()) {
      List<PoolSample> read = new java.util.ArrayList<>();
      SkipCounts skipped;
      try (PoolReader r = PoolFormat.open(file, CONF, policy)) {
        while (r.hasNext()) {
          read.add(r.next());
        }
        skipped = r.skipped();
      }
      assertThat(skipped.asMap()).containsOnly(java.util.Map.entry(SkipCounts.INVALID_UTF8, 1L));
      assertThat(read).extracting(PoolSample::text).containsExactlyElementsOf(policy == CaptionDecoding.SKIP
          ? List.of("déjà vu") : List.of("déjà vu", "caf\uFFFD"));
    }
  }

  @Test
  void aFileThatIsNotParquetOrIsCutShortIsCountedNotThrown() throws Exception {
    Files.writeString(tmp.resolve("junk.parquet"), "this is not parquet at all");
    SkipCounts[] skipped = new SkipCounts[1];
    assertThat(readAll(path("junk.parquet"), skipped)).isEmpty();
    assertThat(skipped[0].get(SkipCounts.CORRUPT_PARQUET)).isEqualTo(1);
    Path good = path("good.parquet");
    try (PoolWriter w = PoolFormat.PARQUET.create(good, CONF)) {
      new PoolMaker(images, new double[] {1, 0, 0, 0}, 1).writeShard(0, 100, w, new StringWriter());
    }
    byte[] all = Files.readAllBytes(tmp.resolve("good.parquet"));
    Files.write(tmp.resolve("cut.parquet"), java.util.Arrays.copyOf(all, all.length / 2));
    assertThat(readAll(path("cut.parquet"), skipped)).isEmpty();
    assertThat(skipped[0].get(SkipCounts.CORRUPT_PARQUET)).isEqualTo(1);
  }

  @Test
  void imageHeadersGiveFormatAndSize() throws Exception {
    var img = new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream jpg = new ByteArrayOutputStream();
    ImageIO.write(img, "jpg", jpg);
    assertThat(ImageHeader.read(jpg.toByteArray())).contains(new ImageHeader("jpg", 40, 30));
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    assertThat(ImageHeader.read(png.toByteArray())).contains(new ImageHeader("png", 40, 30));
    assertThat(ImageHeader.read(new byte[] {(byte) 0xff, (byte) 0xd8, 0, 0})).isEmpty();
    assertThat(ImageHeader.read(new byte[0])).isEmpty();
  }

  @Test
  void shardsAreFoundByDirectoryOrGlob() throws Exception {
    Files.createDirectories(tmp.resolve("pool/sub"));
    Files.writeString(tmp.resolve("pool/b.parquet"), "x");
    Files.writeString(tmp.resolve("pool/sub/a.tar"), "x");
    Files.writeString(tmp.resolve("pool/readme.txt"), "x");
    Files.writeString(tmp.resolve("pool/_tmp.tar"), "x");
    assertThat(PoolShards.list(tmp.resolve("pool").toUri().toString(), CONF)).extracting(Path::getName)
        .containsExactly("b.parquet", "a.tar");
    assertThat(PoolShards.list(tmp.resolve("pool").toString() + "/*.parquet", CONF)).extracting(Path::getName)
        .containsExactly("b.parquet");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PoolShards.list(tmp.resolve("none").toString(), CONF))
        .hasMessageContaining("nothing matches");
  }
}
