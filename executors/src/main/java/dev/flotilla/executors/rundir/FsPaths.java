package dev.flotilla.executors.rundir;

import java.io.File;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * A path as the user wrote it (config value, CLI argument) to a Hadoop {@link Path}, taken
 * literally: spaces, unicode, {@code %}, {@code #} and {@code ?} are characters of the name, never
 * URI escapes, fragments or queries. A value with a scheme ({@code file:}, {@code hdfs://},
 * {@code s3a://}) names that file system; a bare path is local, relative to the working directory.
 *
 * <p>Why not {@code File.toURI().toString()}: that form is URI-escaped ({@code my%20runs}), and
 * Hadoop's {@code new Path(String)} does not unescape, so the escapes became folder names.
 */
public final class FsPaths {

  /** A scheme of two or more characters, so {@code C:} stays a path. */
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*", Pattern.DOTALL);

  private FsPaths() {}

  /** True if {@code value} starts with a URI scheme (file:, hdfs:, s3a:, ...). */
  public static boolean hasScheme(String value) {
    return SCHEME.matcher(value).matches();
  }

  /**
   * The qualified form of {@code value} as a string that {@link #of} reads back to the same
   * place from any JVM: a bare path becomes {@code file:<absolute path>}, unescaped.
   */
  public static String qualified(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("empty path");
    }
    return hasScheme(value) ? value : "file:" + new File(value).getAbsolutePath();
  }

  public static Path of(String value) {
    return new Path(qualified(value));
  }
}
