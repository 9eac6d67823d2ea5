package dev.flotilla.executors.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.FileNotFoundException;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Fashion-MNIST from its IDX files (as shipped, gzip-compressed, by Debian's
 * {@code dataset-fashion-mnist} in {@link #DEBIAN_DIR}), in a folder on any Hadoop file system
 * (a local path, {@code file://}, {@code hdfs://}, {@code s3a://}), so a cluster's workers need
 * no local copy.
 */
public final class FashionMnist {

  public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";
  public static final String[] CLASS_NAMES = {"T-shirt/top", "Trouser", "Pullover", "Dress",
      "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  private FashionMnist() {}

  public static LabeledImages train(String dir, Configuration conf) throws IOException {
    return read(file(dir, "train-images-idx3-ubyte.gz"), file(dir, "train-labels-idx1-ubyte.gz"), conf);
  }

  public static LabeledImages test(String dir, Configuration conf) throws IOException {
    return read(file(dir, "t10k-images-idx3-ubyte.gz"), file(dir, "t10k-labels-idx1-ubyte.gz"), conf);
  }

  /** A local folder, as tests and benchmarks read Debian's copy. */
  public static LabeledImages train(java.nio.file.Path dir) throws IOException {
    return train(dir.toString(), new Configuration());
  }

  public static LabeledImages test(java.nio.file.Path dir) throws IOException {
    return test(dir.toString(), new Configuration());
  }

  public static int trainSize(java.nio.file.Path dir) throws IOException {
    return trainSize(dir.toString(), new Configuration());
  }

  public static LabeledImages read(java.nio.file.Path images, java.nio.file.Path labels) throws IOException {
    return read(new Path(images.toString()), new Path(labels.toString()), new Configuration());
  }

  private static Path file(String dir, String name) {
    return new Path(new Path(dir), name);
  }

  /**
   * Number of training examples in {@code dir}, after checking that all four IDX files are
   * readable and whole (header, and as many data bytes as the header promises), so a damaged
   * dataset fails at plan time naming the file instead of in every unit.
   */
  public static int trainSize(String dir, Configuration conf) throws IOException {
    int n = check(file(dir, "train-images-idx3-ubyte.gz"), IMAGES_MAGIC, conf);
    expectCount(file(dir, "train-labels-idx1-ubyte.gz"), n, conf);
    int t = check(file(dir, "t10k-images-idx3-ubyte.gz"), IMAGES_MAGIC, conf);
    expectCount(file(dir, "t10k-labels-idx1-ubyte.gz"), t, conf);
    return n;
  }

  private static void expectCount(Path labels, int images, Configuration conf) throws IOException {
    int m = check(labels, LABELS_MAGIC, conf);
    if (m != images) {
      throw new IOException(labels + " has " + m + " labels for " + images + " images");
    }
  }

  /** Reads a whole IDX file without keeping it; returns its item count. */
  private static int check(Path p, int magic, Configuration conf) throws IOException {
    try (DataInputStream in = open(p, conf)) {
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
      throw new IOException(p + " is damaged (" + (fileSystem(p, conf).getFileStatus(p).getLen() == 0 ? "an empty file"
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
  public static LabeledImages read(Path images, Path labels, Configuration conf) throws IOException {
    requireReadable(images, conf);
    requireReadable(labels, conf);
    float[] pixels;
    int n;
    int rows;
    int cols;
    try (DataInputStream in = open(images, conf)) {
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
    try (DataInputStream in = open(labels, conf)) {
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

  /**
   * A path without a scheme is a local folder, as {@code data.dir} always was (Hadoop would
   * resolve it against {@code fs.defaultFS}, which is HDFS on many clusters); a URI names its FS.
   */
  private static FileSystem fileSystem(Path p, Configuration conf) throws IOException {
    return p.toUri().getScheme() == null ? FileSystem.getLocal(conf) : p.getFileSystem(conf);
  }

  private static void requireReadable(Path p, Configuration conf) throws IOException {
    FileSystem fs = fileSystem(p, conf);
    if (!fs.exists(p) || fs.getFileStatus(p).isDirectory()) {
      throw new IOException("cannot read " + p + " (install Debian's dataset-fashion-mnist, or set "
          + "data.dir to a folder with the four Fashion-MNIST IDX .gz files)");
    }
  }

  private static DataInputStream open(Path p, Configuration conf) throws IOException {
    requireReadable(p, conf);
    InputStream raw;
    try {
      raw = fileSystem(p, conf).open(p);
    } catch (FileNotFoundException | org.apache.hadoop.security.AccessControlException e) {
      throw new IOException("cannot read " + p + " (" + e.getMessage() + ")", e);
    }
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
