package dev.flotilla.executors.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST from its IDX files (as shipped, gzip-compressed, by Debian's
 * {@code dataset-fashion-mnist} in {@link #DEBIAN_DIR}).
 */
public final class FashionMnist {

  public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";
  public static final String[] CLASS_NAMES = {"T-shirt/top", "Trouser", "Pullover", "Dress",
      "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  private FashionMnist() {}

  public static LabeledImages train(Path dir) throws IOException {
    return read(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"));
  }

  public static LabeledImages test(Path dir) throws IOException {
    return read(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"));
  }

  /**
   * Number of training examples in {@code dir}, after checking that all four IDX files are
   * readable and whole (header, and as many data bytes as the header promises), so a damaged
   * dataset fails at plan time naming the file instead of in every unit.
   */
  public static int trainSize(Path dir) throws IOException {
    int n = check(dir.resolve("train-images-idx3-ubyte.gz"), IMAGES_MAGIC);
    expectCount(dir.resolve("train-labels-idx1-ubyte.gz"), n);
    int t = check(dir.resolve("t10k-images-idx3-ubyte.gz"), IMAGES_MAGIC);
    expectCount(dir.resolve("t10k-labels-idx1-ubyte.gz"), t);
    return n;
  }

  private static void expectCount(Path labels, int images) throws IOException {
    int m = check(labels, LABELS_MAGIC);
    if (m != images) {
      throw new IOException(labels + " has " + m + " labels for " + images + " images");
    }
  }

  /** Reads a whole IDX file without keeping it; returns its item count. */
  private static int check(Path p, int magic) throws IOException {
    if (!Files.isReadable(p)) {
      throw new IOException("cannot read " + p + " (install Debian's dataset-fashion-mnist, or set "
          + "data.dir to a folder with the four Fashion-MNIST IDX .gz files)");
    }
    try (DataInputStream in = open(p)) {
      expectMagic(in, magic, p);
      int n = header(in, p);
      long expected = n;
      if (magic == IMAGES_MAGIC) {
        expected = (long) n * header(in, p) * header(in, p);
      }
      long got = magic == LABELS_MAGIC ? checkLabels(in, p)
          : in.transferTo(java.io.OutputStream.nullOutputStream());
      if (got != expected) {
        throw new IOException(p + " is " + (got < expected ? "truncated" : "longer than its header says")
            + ": " + got + " data bytes, expected " + expected);
      }
      return n;
    } catch (java.util.zip.ZipException | EOFException e) {
      throw new IOException(p + " is damaged (" + (Files.size(p) == 0 ? "an empty file"
          : e.getMessage() == null ? "it ends early" : e.getMessage()) + ")", e);
    }
  }

  /** Reads every label, failing on the first that is not a class; returns how many were read. */
  private static long checkLabels(DataInputStream in, Path p) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long index = 0;
    for (int r; (r = in.read(buf)) > 0; ) {
      for (int i = 0; i < r; i++, index++) {
        if ((buf[i] & 0xff) >= CLASS_NAMES.length) {
          throw new IOException(p + ": label " + (buf[i] & 0xff) + " at index " + index
              + " is not a class 0.." + (CLASS_NAMES.length - 1));
        }
      }
    }
    return index;
  }

  private static int header(DataInputStream in, Path p) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new IOException(p + " is shorter than its IDX header", e);
    }
  }

  /** Reads an IDX image file and its label file; errors name the file and what is wrong. */
  public static LabeledImages read(Path images, Path labels) throws IOException {
    for (Path p : new Path[] {images, labels}) {
      if (!Files.isReadable(p)) {
        throw new IOException("cannot read " + p + " (install Debian's dataset-fashion-mnist, or set "
            + "data.dir to a folder with the four Fashion-MNIST IDX .gz files)");
      }
    }
    float[] pixels;
    int n;
    int rows;
    int cols;
    try (DataInputStream in = open(images)) {
      expectMagic(in, IMAGES_MAGIC, images);
      n = in.readInt();
      rows = in.readInt();
      cols = in.readInt();
      byte[] raw = new byte[Math.multiplyExact(Math.multiplyExact(n, rows), cols)];
      readFully(in, raw, images);
      pixels = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        pixels[i] = (raw[i] & 0xff) / 255f;
      }
    }
    int[] y;
    try (DataInputStream in = open(labels)) {
      expectMagic(in, LABELS_MAGIC, labels);
      int m = in.readInt();
      if (m != n) {
        throw new IOException(labels + " has " + m + " labels but " + images + " has " + n + " images");
      }
      byte[] raw = new byte[m];
      readFully(in, raw, labels);
      y = new int[m];
      for (int i = 0; i < m; i++) {
        y[i] = raw[i] & 0xff;
        if (y[i] >= CLASS_NAMES.length) {
          throw new IOException(labels + ": label " + y[i] + " at index " + i + " is not a class 0..9");
        }
      }
    }
    return new LabeledImages(pixels, y, 1, rows, cols, CLASS_NAMES.length);
  }

  private static DataInputStream open(Path p) throws IOException {
    InputStream raw = Files.newInputStream(p);
    return new DataInputStream(new java.io.BufferedInputStream(
        p.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw, 1 << 16));
  }

  private static void expectMagic(DataInputStream in, int magic, Path p) throws IOException {
    int got;
    try {
      got = in.readInt();
    } catch (EOFException e) {
      throw new IOException(p + " is empty or shorter than its IDX header", e);
    }
    if (got != magic) {
      throw new IOException(p + " is not an IDX file of the expected type: magic 0x"
          + Integer.toHexString(got) + ", expected 0x" + Integer.toHexString(magic));
    }
  }

  private static void readFully(DataInputStream in, byte[] buf, Path p) throws IOException {
    try {
      in.readFully(buf);
    } catch (EOFException e) {
      throw new IOException(p + " is truncated: expected " + buf.length + " data bytes", e);
    }
  }
}
