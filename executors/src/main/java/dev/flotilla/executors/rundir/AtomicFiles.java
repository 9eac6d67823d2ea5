package dev.flotilla.executors.rundir;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The two atomic primitives a run directory is built on, on any Hadoop file system.
 *
 * <p>{@code FileContext.rename} is used rather than {@code FileSystem.rename}: the latter moves a
 * directory <i>into</i> an existing destination, which would turn a lost commit race into a
 * nested copy; the former refuses (or, asked to, replaces a file in one step).
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  /** Writes {@code text} to {@code target} so readers see the old or the new file, never half. */
  public static void writeString(FileSystem fs, Configuration conf, Path target, String text)
      throws IOException {
    writeBytes(fs, conf, target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code bytes} to {@code target} so readers see the old or the new file, never half;
   * a failed write (disk full) leaves the old file and no temporary behind.
   */
  public static void writeBytes(FileSystem fs, Configuration conf, Path target, byte[] bytes)
      throws IOException {
    writeBytes(fs, conf, target, bytes, true);
  }

  /**
   * As {@link #writeBytes(FileSystem, Configuration, Path, byte[])}; with {@code durable} false
   * the data is not forced to the disk before the rename: still whole-or-nothing for readers
   * and for a killed process, but a power loss may lose it. For files that can be rebuilt from
   * others (the run journal, rebuilt from the committed units), where a sync per write would be
   * most of the cost.
   */
  public static void writeBytes(FileSystem fs, Configuration conf, Path target, byte[] bytes,
      boolean durable) throws IOException {
    write(fs, conf, target, out -> out.write(bytes), durable);
  }

  /** What goes into a file written by {@link #write}: streamed, never held whole in memory. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes what {@code body} streams to {@code target}, atomically as {@link #writeBytes}; for
   * files too large to build in memory first (a 10^5-unit run record is ~90 MB of JSON).
   *
   * @return the bytes written
   */
  public static long write(FileSystem fs, Configuration conf, Path target, Body body,
      boolean durable) throws IOException {
    if ("file".equals(target.toUri().getScheme())) {
      return writeLocal(target, body, conf, durable);
    }
    if (fs.hasPathCapability(target, CommonPathCapabilities.ABORTABLE_STREAM)) {
      // An object store (s3a): an object appears whole when its upload completes at close, or
      // not at all, so it is written in place; a rename would copy it and cannot be atomic there.
      try (FSDataOutputStream out = fs.create(target, true)) {
        body.writeTo(unclosable(out));
        out.flush();
        return out.getPos();
      }
    }
    Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
    try {
      long written;
      try (FSDataOutputStream out = fs.create(tmp, false)) {
        body.writeTo(unclosable(out));
        out.flush();
        written = out.getPos();
        if (durable && out.hasCapability(StreamCapabilities.HSYNC)) {
          out.hsync();
        }
      }
      FileContext.getFileContext(target.toUri(), conf).rename(tmp, target, Options.Rename.OVERWRITE);
      return written;
    } catch (IOException | RuntimeException | Error e) {
      deleteQuietly(fs, tmp, e);
      if (e instanceof org.apache.hadoop.fs.FSError) {
        throw new IOException("cannot write " + target + ": " + e.getCause().getMessage(), e);
      }
      throw e;
    }
  }

  /** The file is closed here after the sync; a body's writer (Jackson's) may close its stream. */
  private static OutputStream unclosable(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    };
  }

  private static void deleteQuietly(FileSystem fs, Path tmp, Throwable cause) {
    try {
      fs.delete(tmp, false);
    } catch (IOException | RuntimeException again) {
      cause.addSuppressed(again);
    }
  }

  /**
   * On file://, Hadoop keeps a checksum beside each file ({@code .name.crc}) and renames the two
   * in separate steps, so a driver killed in between leaves a file whose checksum no longer
   * matches (seen: a resumed run failed with ChecksumException on manifest.json). Here the file
   * is replaced by one rename(2), and the stale checksum file is removed: without one, Hadoop
   * reads the file unchecked. The file gets the mode Hadoop would give it (the run dir's umask,
   * {@link RunDirUmask}).
   */
  private static long writeLocal(Path target, Body body, Configuration conf, boolean durable)
      throws IOException {
    java.nio.file.Path to = java.nio.file.Paths.get(target.toUri());
    java.nio.file.Path tmp = to.resolveSibling("." + to.getFileName() + ".tmp-" + UUID.randomUUID());
    long written;
    try {
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
          java.util.Set.of(java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE),
          mode(FsPermission.getFileDefault(), conf))) {
        // Not closed here: closing the stream would close the channel before force().
        java.io.BufferedOutputStream out = new java.io.BufferedOutputStream(
            java.nio.channels.Channels.newOutputStream(ch), 1 << 16);
        body.writeTo(unclosable(out));
        out.flush();
        written = ch.position();
        if (durable) {
          ch.force(true);
        }
      }
      java.nio.file.Files.move(tmp, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      java.nio.file.Files.deleteIfExists(tmp);
      throw new IOException("cannot write " + to + ": " + e.getMessage(), e);
    }
    java.nio.file.Files.deleteIfExists(to.resolveSibling("." + to.getFileName() + ".crc"));
    return written;
  }

  /** Writes a small file in place (for files inside a private attempt dir). */
  public static void writeNew(FileSystem fs, Path target, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if ("file".equals(target.toUri().getScheme())) {
      // Without its native library Hadoop's local file system forks a chmod for every file it
      // creates: most of a tiny unit's cost. The same mode, set at creation, without the fork.
      java.nio.file.Path to = java.nio.file.Paths.get(target.toUri());
      java.nio.file.Files.createDirectories(to.getParent(), mode(FsPermission.getDirDefault(), fs.getConf()));
      java.nio.file.Files.deleteIfExists(to.resolveSibling("." + to.getFileName() + ".crc"));
      try (var ch = java.nio.channels.FileChannel.open(to, Set.of(java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE),
          mode(FsPermission.getFileDefault(), fs.getConf()))) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
      return;
    }
    try (OutputStream out = fs.create(target, true)) {
      out.write(bytes);
    }
  }

  /** Creates {@code dir} and its parents (on file:// without a chmod process per folder). */
  public static void mkdirs(FileSystem fs, Path dir) throws IOException {
    if ("file".equals(dir.toUri().getScheme())) {
      java.nio.file.Files.createDirectories(java.nio.file.Paths.get(dir.toUri()),
          mode(FsPermission.getDirDefault(), fs.getConf()));
      return;
    }
    fs.mkdirs(dir);
  }

  /**
   * Moves the directory {@code src} to {@code dst} in one step.
   *
   * @return true if renamed, false if {@code dst} already exists (another attempt won)
   */
  public static boolean renameDirectory(Configuration conf, Path src, Path dst) throws IOException {
    if ("file".equals(dst.toUri().getScheme())) {
      return renameLocalDirectory(src, dst, conf);
    }
    FileContext fc = FileContext.getFileContext(dst.toUri(), conf);
    if (!fc.util().exists(dst.getParent())) {
      fc.mkdir(dst.getParent(), null, true);
    }
    try {
      fc.rename(src, dst, Options.Rename.NONE);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      // Some file systems report a taken destination as a generic IOException.
      if (fc.util().exists(dst)) {
        return false;
      }
      if (e instanceof FileNotFoundException) {
        throw new IOException("cannot commit " + src + ": it vanished (" + e.getMessage() + ")", e);
      }
      throw e;
    }
  }

  /**
   * Hadoop's local file system is not atomic here: when {@code File.renameTo} fails because the
   * destination exists, it falls back to copy-and-delete, so two racing commits could both
   * "succeed". rename(2) itself is atomic and refuses a non-empty destination directory.
   */
  private static boolean renameLocalDirectory(Path src, Path dst, Configuration conf) throws IOException {
    java.nio.file.Path from = java.nio.file.Paths.get(src.toUri());
    java.nio.file.Path to = java.nio.file.Paths.get(dst.toUri());
    java.nio.file.Files.createDirectories(to.getParent(), mode(FsPermission.getDirDefault(), conf));
    try {
      java.nio.file.Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (java.nio.file.FileSystemException e) {
      // ENOTEMPTY / EEXIST: another attempt committed first.
      if (java.nio.file.Files.exists(to)) {
        return false;
      }
      throw e;
    }
  }

  /** {@code base} masked with the configured umask, as Hadoop's local file system does. */
  private static FileAttribute<Set<PosixFilePermission>> mode(FsPermission base, Configuration conf) {
    String symbolic = base.applyUMask(FsPermission.getUMask(conf)).toString();
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(symbolic));
  }

  public static String readString(FileSystem fs, Path file) throws IOException {
    return new String(readBytes(fs, file), StandardCharsets.UTF_8);
  }

  /**
   * The whole file. On file:// read directly: Hadoop's local file system first looks for the
   * file's {@code .crc} (a missing one costs a FileNotFoundException with its stack trace), which
   * was most of reading 10^4 unit records in a merge. Files written here have no checksum file.
   */
  public static byte[] readBytes(FileSystem fs, Path file) throws IOException {
    java.nio.file.Path local = uncheckedLocal(fs, file);
    if (local != null) {
      // One array the size of the file: a stream buffer per read was most of what a 10^5-unit
      // finish phase allocated (64 KB for each ~2 KB unit record).
      try {
        return java.nio.file.Files.readAllBytes(local);
      } catch (java.nio.file.NoSuchFileException e) {
        throw new FileNotFoundException(file + " (no such file)");
      }
    }
    try (InputStream in = fs.open(file)) {
      return in.readAllBytes();
    }
  }

  /**
   * Opens {@code file} for reading; on file:// without a checksum file beside it (as {@link
   * #write} leaves it), directly, since Hadoop's checked local reader would find none anyway.
   */
  public static InputStream open(FileSystem fs, Path file) throws IOException {
    java.nio.file.Path local = uncheckedLocal(fs, file);
    if (local != null) {
      try {
        return new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(local), 1 << 16);
      } catch (java.nio.file.NoSuchFileException e) {
        throw new FileNotFoundException(file + " (no such file)");
      }
    }
    return fs.open(file);
  }

  /** {@code file} as a local path when it is on file:// with no checksum file beside it, else null. */
  private static java.nio.file.Path uncheckedLocal(FileSystem fs, Path file) {
    java.net.URI uri = fs.makeQualified(file).toUri();
    if (!"file".equals(uri.getScheme())) {
      return null;
    }
    java.nio.file.Path local = java.nio.file.Paths.get(uri);
    return java.nio.file.Files.exists(local.resolveSibling("." + local.getFileName() + ".crc")) ? null : local;
  }

}
