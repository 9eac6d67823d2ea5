package dev.flotilla.jobs.dfn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.datafiltering.curation.ScoreTables;
import dev.flotilla.datafiltering.dfn.DfnCurateUnit;
import dev.flotilla.datafiltering.dfn.DfnScoreUnit;
import dev.flotilla.datafiltering.pool.PoolSample;
import dev.flotilla.datafiltering.pool.Uids;
import dev.flotilla.datafiltering.pool.WebDatasetWriter;
import dev.flotilla.driver.Flotilla;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.manifest.UnitEntry;
import dev.flotilla.driver.manifest.UnitState;
import dev.flotilla.executors.json.Json;
import dev.flotilla.jobs.testing.LocalSparkBase;
import dev.flotilla.jobs.testing.Sparks;
import dev.flotilla.jobs.testing.TestClip;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dfn job on local[2] with a user's TorchScript CLIP over a pool of colour PNGs and JPEGs of
 * mixed sizes (made here): every scored pair's score equals PyTorch's on the same files (PIL +
 * torchvision preprocessing, same tokens) within 1e-3, and unusable images are counted.
 */
class DfnTorchScriptRunTest extends LocalSparkBase {

  @TempDir Path tmp;

  /** A colour image: gradient background and a few rectangles. */
  private static BufferedImage image(int w, int h, Random rng) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    float hue = rng.nextFloat();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, Color.HSBtoRGB(hue + x / (4f * w), 0.3f + 0.7f * y / h, 0.4f + 0.6f * x / w));
      }
    }
    var g = img.createGraphics();
    for (int i = 0; i < 3; i++) {
      g.setColor(new Color(rng.nextInt(0xffffff)));
      g.fillRect(rng.nextInt(w), rng.nextInt(h), 1 + rng.nextInt(w / 2 + 1), 1 + rng.nextInt(h / 2 + 1));
    }
    g.dispose();
    return img;
  }

  private static byte[] encode(BufferedImage img, String format) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, format, out);
    return out.toByteArray();
  }

  @Test
  void scoresMatchPyTorchOnTheSameFiles() throws Exception {
    Path model = TestClip.make(tmp.resolve("clip.pt"), "--seed", "11");
    Path pool = Files.createDirectories(tmp.resolve("pool"));
    Path files = Files.createDirectories(tmp.resolve("files"));
    Random rng = new Random(3);
    String[] words = {"a red square on a gradient", "click here", "photo of a blue sky", "IMG_0042.JPG",
        "a striped pattern, product photo", "best price free shipping"};
    List<List<String>> reference = new ArrayList<>(); // [file, caption] of every usable pair
    Map<String, Integer> index = new HashMap<>();
    for (int shard = 0; shard < 2; shard++) {
      try (WebDatasetWriter w = new WebDatasetWriter(Files.newOutputStream(pool.resolve("shard-" + shard + ".tar")))) {
        for (int i = 0; i < 12; i++) {
          int n = shard * 12 + i;
          String ext = n % 3 == 0 ? "jpg" : "png";
          byte[] bytes = encode(image(40 + rng.nextInt(400), 40 + rng.nextInt(400), rng), ext.equals("jpg") ? "jpg" : "png");
          String uid = Uids.of("pair-" + n);
          String caption = words[n % words.length] + " " + n;
          Path f = files.resolve(n + "." + ext);
          Files.write(f, bytes);
          index.put(uid, reference.size());
          reference.add(List.of(f.toString(), caption));
          w.write(new PoolSample(String.format("%06d", n), uid, bytes, ext, caption, "{\"uid\":\"" + uid + "\"}"));
        }
        // Unusable images are counted, never scored: a GIF under a .png name, a PNG cut in half.
        byte[] gif = encode(image(30, 30, rng), "gif");
        w.write(new PoolSample("gif" + shard, Uids.of("gif-" + shard), gif, "png", "a gif", "{\"uid\":\""
            + Uids.of("gif-" + shard) + "\"}"));
        byte[] png = encode(image(50, 50, rng), "png");
        w.write(new PoolSample("cut" + shard, Uids.of("cut-" + shard), java.util.Arrays.copyOf(png, png.length / 2),
            "png", "a cut png", "{\"uid\":\"" + Uids.of("cut-" + shard) + "\"}"));
      }
    }
    RunManifest m = Flotilla.run(spark, Sparks.job("""
        job = dfn
        engine { run-dir = "%s", master = "local[2]", progress = false }
        dfn {
          pool.input = "%s"
          model { source = torchscript, torchscript = "%s" }
          keep-fraction = 0.5
        }
        """.formatted(tmp.resolve("run").toUri(), pool, model)));
    assertThat(m.units.values()).allMatch(e -> e.state == UnitState.COMMITTED);
    float[] ours = new float[reference.size()];
    java.util.Arrays.fill(ours, Float.NaN);
    long unsupported = 0;
    long undecodable = 0;
    for (UnitEntry e : m.units.values()) {
      if (e.kind.equals(DfnScoreUnit.KIND)) {
        unsupported += e.metrics.getOrDefault("skipped_unsupported_format", 0.0).longValue();
        undecodable += e.metrics.getOrDefault("skipped_undecodable", 0.0).longValue();
        ScoreTables.forEachScore(new org.apache.hadoop.fs.Path(tmp.resolve("run/units").resolve(e.id)
            .resolve(DfnScoreUnit.SCORES_FILE).toUri()), new org.apache.hadoop.conf.Configuration(),
            (uid, s) -> ours[index.get(uid)] = s);
      }
    }
    assertThat(unsupported).isEqualTo(2);
    assertThat(undecodable).isEqualTo(2);
    float[] theirs = pyTorchScores(model, reference);
    double worst = 0;
    for (int i = 0; i < ours.length; i++) {
      worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
    }
    System.out.printf("max |score - PyTorch's| over %d pairs: %.2e%n", ours.length, worst);
    for (int i = 0; i < ours.length; i++) {
      assertThat(ours[i]).as("pair %d (%s)", i, reference.get(i)).isCloseTo(theirs[i],
          org.assertj.core.data.Offset.offset(1e-3f));
    }
    UnitEntry curate = m.units.values().stream().filter(e -> e.kind.equals(DfnCurateUnit.KIND)).findFirst().orElseThrow();
    assertThat(curate.metrics.get("scored")).isEqualTo(24.0);
    assertThat(curate.metrics.get("kept")).isEqualTo(12.0);
    JsonNode facts = Json.FILES.readTree(tmp.resolve("run/report/report.json").toFile()).path("facts");
    assertThat(facts.path("skipped_unsupported_format").asLong()).isEqualTo(2);
    assertThat(facts.path("skipped_undecodable").asLong()).isEqualTo(2);
    // The gallery: every pair here (12 kept, 12 rejected; 8 per group, overlaps shown once), by group.
    JsonNode gallery = Json.FILES.readTree(tmp.resolve("run/units").resolve(curate.id)
        .resolve(dev.flotilla.datafiltering.dfn.Gallery.FILE).toFile()).path("entries");
    assertThat(gallery.size()).isEqualTo(24);
    assertThat(gallery.get(0).path("group").asText()).isEqualTo("top");
    assertThat(gallery.get(23).path("group").asText()).isEqualTo("bottom");
    assertThat(tmp.resolve("run/report/dfn-gallery/23.png")).exists();
    assertThat(Files.readString(tmp.resolve("run/report/index.html"))).contains("kept, just above the threshold, ")
        .contains("rejected, just below the threshold, ");
    // Colour images of any size are not Fashion-MNIST: without a labelled folder no downstream units.
    assertThat(m.units.values()).noneMatch(e -> e.kind.equals(dev.flotilla.datafiltering.dfn.DfnDownstreamUnit.KIND));
    assertThat(Files.readString(tmp.resolve("run/report/report.md"))).contains("The downstream step did not run: the "
        + "pool is not Fashion-MNIST (its first image, in ").contains(", not 28x28) and no labelled folder was given "
        + "(dfn.downstream.zero-shot).");
  }

  /** Scores by scripts/clip/clip_reference.py: PIL + torchvision preprocessing, the byte tokenizer. */
  private float[] pyTorchScores(Path model, List<List<String>> pairs) throws Exception {
    Path spec = tmp.resolve("reference.json");
    Json.PLAIN.writeValue(spec.toFile(), Map.of("model", model.toString(), "size", 224,
        "mean", List.of(0.48145466, 0.4578275, 0.40821073), "std", List.of(0.26862954, 0.26130258, 0.27577711),
        "context", 77, "pairs", pairs));
    Process p = new ProcessBuilder("/usr/bin/python3", Path.of("..", "scripts", "clip", "clip_reference.py").toString(),
        spec.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    JsonNode scores = Json.PLAIN.readTree(out.substring(out.lastIndexOf("{\"scores\""))).path("scores");
    float[] s = new float[scores.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) scores.get(i).asDouble();
    }
    return s;
  }
}
