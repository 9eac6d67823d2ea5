package dev.flotilla.datafiltering.pool;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Encodes 8-bit grayscale PNGs (IHDR, one IDAT with filter type 0 rows, IEND). About 10x faster
 * than {@code ImageIO} for 28x28 images (ImageIO's writer setup dominates at that size), which is
 * what makes 10M-pair pools practical. Thread-safe: one Deflater per thread.
 */
final class GrayPng {

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final ThreadLocal<Deflater> DEFLATER = ThreadLocal.withInitial(() -> new Deflater(6));

  private GrayPng() {}

  /** {@code pixels} row-major, {@code w * h} values in 0..255. */
  static byte[] encode(byte[] pixels, int w, int h) {
    byte[] raw = new byte[(w + 1) * h];
    for (int y = 0; y < h; y++) {
      System.arraycopy(pixels, y * w, raw, y * (w + 1) + 1, w); // filter byte 0 (None) per row
    }
    Deflater d = DEFLATER.get();
    d.reset();
    d.setInput(raw);
    d.finish();
    ByteArrayOutputStream z = new ByteArrayOutputStream(raw.length / 2 + 64);
    byte[] buf = new byte[1024];
    while (!d.finished()) {
      z.write(buf, 0, d.deflate(buf));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(z.size() + 64);
    out.writeBytes(SIGNATURE);
    byte[] ihdr = new byte[13];
    int32(ihdr, 0, w);
    int32(ihdr, 4, h);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 0; // colour type: grayscale; compression, filter, interlace: 0
    chunk(out, "IHDR", ihdr);
    chunk(out, "IDAT", z.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] len = new byte[4];
    int32(len, 0, data.length);
    out.writeBytes(len);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    byte[] c = new byte[4];
    int32(c, 0, (int) crc.getValue());
    out.writeBytes(c);
  }

  private static void int32(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
