package dev.flotilla.datafiltering.dfn;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.rundir.AtomicFiles;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The curate unit's picture of its decision ({@code gallery.json} and {@code gallery/<uid>.png}
 * thumbnails): the top kept pairs, the kept pairs just above the threshold, the rejected ones
 * just below it, and the lowest-scored, each with caption and score. Chosen from the score
 * tables with bounded heaps ({@link Picker}), so it costs no memory per pair.
 */
public record Gallery(List<Entry> entries) {

  public static final String FILE = "gallery.json";
  public static final String FOLDER = "gallery";
  /** The groups, in the order a report shows them. */
  public static final List<String> GROUPS = List.of("top", "just_above", "just_below", "bottom");
  static final int THUMBNAIL = 128;

  /** One pair: its group, uid, score, caption and thumbnail file (relative to the unit's output). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Entry(String group, String uid, float score, String caption, String thumbnail) {}

  public Gallery {
    entries = List.copyOf(entries);
  }

  public void write(FileSystem fs, Path file) throws IOException {
    try (OutputStream out = fs.create(file, false)) {
      Json.FILES.writeValue(out, this);
    }
  }

  public static Gallery read(FileSystem fs, Path file) throws IOException {
    return Json.FILES.readValue(AtomicFiles.readString(fs, file), Gallery.class);
  }

  /** A scaled-down PNG copy of an encoded image (longer side {@value #THUMBNAIL} px); null if it does not decode. */
  static byte[] thumbnail(byte[] image) {
    try {
      BufferedImage src = ImageIO.read(new ByteArrayInputStream(image));
      if (src == null) {
        return null;
      }
      double f = Math.min(1.0, (double) THUMBNAIL / Math.max(src.getWidth(), src.getHeight()));
      int w = Math.max(1, (int) Math.round(src.getWidth() * f));
      int h = Math.max(1, (int) Math.round(src.getHeight() * f));
      // Small Fashion-MNIST images are enlarged to stay visible, pixelated on purpose.
      if (Math.max(src.getWidth(), src.getHeight()) < 64) {
        w = src.getWidth() * 4;
        h = src.getHeight() * 4;
      }
      BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      var g = out.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, w > src.getWidth()
          ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(src, 0, 0, w, h, null);
      g.dispose();
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(out, "png", png);
      return png.toByteArray();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Picks {@code perGroup} uids per group from a stream of scores, given the threshold: the
   * highest, the lowest at or above it, the highest below it, the lowest.
   */
  static final class Picker {
    private record Scored(String uid, float score) {}

    private static final Comparator<Scored> UP = Comparator.comparingDouble(Scored::score).thenComparing(Scored::uid);
    private final int perGroup;
    private final float threshold;
    // Each heap keeps its group's best perGroup; its head is the one to drop next.
    private final PriorityQueue<Scored> top = new PriorityQueue<>(UP);
    private final PriorityQueue<Scored> justAbove = new PriorityQueue<>(UP.reversed());
    private final PriorityQueue<Scored> justBelow = new PriorityQueue<>(UP);
    private final PriorityQueue<Scored> bottom = new PriorityQueue<>(UP.reversed());

    Picker(int perGroup, float threshold) {
      this.perGroup = perGroup;
      this.threshold = threshold;
    }

    /**
     * Whether a pair of this score may enter a group: false means {@link #accept} would drop it at
     * once, so a caller need not decode its uid (most of a pool's pairs).
     */
    boolean wants(float score) {
      return score >= threshold
          ? admits(top, score, true) || admits(justAbove, score, false)
          : admits(justBelow, score, true) || admits(bottom, score, false);
    }

    /** Whether {@code heap}, keeping its group's largest (or smallest) scores, may take {@code score} (ties may). */
    private boolean admits(PriorityQueue<Scored> heap, float score, boolean largest) {
      if (heap.size() < perGroup) {
        return true;
      }
      float head = heap.peek().score();
      return largest ? score >= head : score <= head;
    }

    void accept(String uid, float score) {
      Scored s = new Scored(uid, score);
      if (score >= threshold) {
        offer(top, s);
        offer(justAbove, s);
      } else {
        offer(justBelow, s);
        offer(bottom, s);
      }
    }

    private void offer(PriorityQueue<Scored> heap, Scored s) {
      heap.add(s);
      if (heap.size() > perGroup) {
        heap.poll();
      }
    }

    /** uid to its group and score; a pair in two groups (few pairs) is shown in the first. */
    Map<String, Entry> picked() {
      Map<String, Entry> out = new java.util.LinkedHashMap<>();
      List<List<Scored>> groups = List.of(sorted(top, true), sorted(justAbove, false), sorted(justBelow, true),
          sorted(bottom, false));
      for (int g = 0; g < groups.size(); g++) {
        for (Scored s : groups.get(g)) {
          out.putIfAbsent(s.uid(), new Entry(GROUPS.get(g), s.uid(), s.score(), null, null));
        }
      }
      return out;
    }

    private static List<Scored> sorted(PriorityQueue<Scored> heap, boolean descending) {
      List<Scored> l = new ArrayList<>(heap);
      l.sort(descending ? UP.reversed() : UP);
      return l;
    }
  }

  /** The picked pairs with captions and thumbnails, in group order; pairs never found are left out. */
  static Gallery of(Map<String, Entry> picked, Map<String, Entry> found) {
    List<Entry> out = new ArrayList<>();
    for (String group : GROUPS) {
      for (Entry e : picked.values()) {
        Entry f = found.get(e.uid());
        if (e.group().equals(group) && f != null) {
          out.add(f);
        }
      }
    }
    return new Gallery(out);
  }
}
