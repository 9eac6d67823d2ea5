package dev.flotilla.datafiltering.dfn;

import dev.flotilla.datafiltering.model.ClipPreprocessing;
import dev.flotilla.executors.data.LabeledImages;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A user's labelled images for zero-shot evaluation, on any Hadoop FS: one folder per class
 * holding its PNG/JPEG files; the folder's name, with '_' and '-' read as spaces, is the class's
 * prompt. Classes in name order; images preprocessed as the downstream model takes them (CLIP
 * preprocessing to its image size).
 */
public final class LabeledFolder {

  private LabeledFolder() {}

  /** The class folders of {@code dir} that hold images, by name; fails with fewer than two. */
  public static List<Path> classes(String dir, Configuration conf) throws IOException {
    Path root = new Path(dir);
    FileSystem fs = root.getFileSystem(conf);
    if (!fs.getFileStatus(root).isDirectory()) {
      throw new IOException(dir + " is not a folder of class folders");
    }
    List<Path> out = new ArrayList<>();
    FileStatus[] children = fs.listStatus(root);
    Arrays.sort(children, Comparator.comparing(s -> s.getPath().getName()));
    for (FileStatus c : children) {
      if (c.isDirectory() && !c.getPath().getName().startsWith(".") && !images(fs, c.getPath()).isEmpty()) {
        out.add(c.getPath());
      }
    }
    if (out.size() < 2) {
      throw new IOException(dir + " has " + out.size() + " class folders with .png/.jpg images; zero-shot "
          + "evaluation needs at least 2 (one folder per class, named by the class)");
    }
    return out;
  }

  /** The prompt of a class folder: its name with '_' and '-' as spaces. */
  public static String prompt(Path classFolder) {
    return classFolder.getName().replace('_', ' ').replace('-', ' ').strip();
  }

  private static List<Path> images(FileSystem fs, Path folder) throws IOException {
    List<Path> out = new ArrayList<>();
    for (FileStatus f : fs.listStatus(folder)) {
      String name = f.getPath().getName().toLowerCase(Locale.ROOT);
      if (f.isFile() && (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg"))) {
        out.add(f.getPath());
      }
    }
    out.sort(null);
    return out;
  }

  /**
   * The images of {@code classes}, preprocessed by {@code pre}, with their class index;
   * {@code undecodable[0]} counts files left out.
   */
  public static LabeledImages read(List<Path> classes, Configuration conf, long[] undecodable, ClipPreprocessing pre)
      throws IOException {
    List<float[]> pixels = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    int[] size = new int[2];
    for (int k = 0; k < classes.size(); k++) {
      FileSystem fs = classes.get(k).getFileSystem(conf);
      for (Path f : images(fs, classes.get(k))) {
        byte[] bytes;
        try (InputStream in = fs.open(f)) {
          bytes = in.readAllBytes();
        }
        float[] x = new float[pre.floats()];
        if (pre.apply(bytes, x, 0, size).isEmpty()) {
          pixels.add(x);
          labels.add(k);
        } else {
          undecodable[0]++;
        }
      }
    }
    int floats = pre.floats();
    float[] all = new float[pixels.size() * floats];
    for (int i = 0; i < pixels.size(); i++) {
      System.arraycopy(pixels.get(i), 0, all, i * floats, floats);
    }
    return new LabeledImages(all, labels.stream().mapToInt(Integer::intValue).toArray(), 3, pre.size(), pre.size(),
        classes.size());
  }
}
