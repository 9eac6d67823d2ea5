package dev.flotilla.executors.backend.dl4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * DL4J's {@code ModelSerializer} writes a zip whose entries carry the time of writing, so equal
 * weights gave different bytes (and checksums) in every run. This copies such a zip entry by
 * entry, in its order, with one fixed time: the same network, the same bytes, still a stock DL4J
 * model file.
 */
final class StableZip {

  /** 1980-01-01, the earliest time a zip entry can hold. */
  private static final long FIXED_TIME = 315532800000L;

  private StableZip() {}

  /** Writes {@code zip} to {@code out} with every entry's time set to {@link #FIXED_TIME}. */
  static void copy(byte[] zip, OutputStream out) throws IOException {
    ZipOutputStream z = new ZipOutputStream(out);
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        ZipEntry copy = new ZipEntry(e.getName());
        copy.setTime(FIXED_TIME);
        z.putNextEntry(copy);
        in.transferTo(z);
        z.closeEntry();
      }
    }
    z.finish(); // not close(): the caller owns out
  }

  /** Runs {@code writer} into memory, then copies its zip with fixed times to {@code out}. */
  static void write(Writer writer, OutputStream out) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    writer.write(buffer);
    copy(buffer.toByteArray(), out);
  }

  /** Something that writes a zip. */
  interface Writer {
    void write(OutputStream out) throws IOException;
  }
}
