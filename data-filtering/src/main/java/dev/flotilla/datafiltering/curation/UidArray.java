package dev.flotilla.datafiltering.curation;

import dev.flotilla.datafiltering.pool.Uids;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * DataComp's subset format: a NumPy {@code .npy} (version 1.0) array of dtype {@code u8,u8}
 * (fields f0, f1: the high and low little-endian unsigned 64-bit halves of each 128-bit hex
 * uid), sorted ascending as unsigned pairs, as DataComp's {@code np.sort} of that array.
 */
public final class UidArray {

  private UidArray() {}

  /**
   * The uids of a DataComp {@code .npy} subset (dtype {@code u8,u8} as {@link #write} writes it),
   * as 32-character hex strings, in file order.
   */
  public static java.util.List<String> read(java.io.InputStream in, String name) throws IOException {
    java.io.DataInputStream data = new java.io.DataInputStream(new java.io.BufferedInputStream(in));
    byte[] magic = new byte[8];
    data.readFully(magic);
    if ((magic[0] & 0xff) != 0x93 || magic[1] != 'N' || magic[2] != 'U' || magic[3] != 'M' || magic[6] != 1) {
      throw new IOException(name + " is not a NumPy .npy file (version 1)");
    }
    int headerLength = (data.readUnsignedByte()) | (data.readUnsignedByte() << 8);
    byte[] header = new byte[headerLength];
    data.readFully(header);
    String dict = new String(header, StandardCharsets.US_ASCII);
    java.util.regex.Matcher shape = java.util.regex.Pattern.compile("'shape': \\((\\d+),\\)").matcher(dict);
    if (!dict.replace(" ", "").contains("'descr':[('f0','<u8'),('f1','<u8')]") || !shape.find()
        || dict.contains("'fortran_order': True")) {
      throw new IOException(name + " is not a DataComp uid array (dtype u8,u8, one dimension): " + dict.strip());
    }
    int n = Integer.parseInt(shape.group(1));
    java.util.List<String> out = new java.util.ArrayList<>(n);
    byte[] pair = new byte[16];
    for (int i = 0; i < n; i++) {
      data.readFully(pair);
      ByteBuffer b = ByteBuffer.wrap(pair).order(ByteOrder.LITTLE_ENDIAN);
      out.add(String.format("%016x%016x", b.getLong(), b.getLong()));
    }
    return out;
  }

  public static void write(OutputStream out, Collection<String> uids) throws IOException {
    long[][] pairs = new long[uids.size()][];
    int i = 0;
    for (String uid : uids) {
      Uids.check(uid);
      pairs[i++] = new long[] {Uids.high(uid), Uids.low(uid)};
    }
    java.util.Arrays.sort(pairs, (a, b) -> {
      int c = Long.compareUnsigned(a[0], b[0]);
      return c != 0 ? c : Long.compareUnsigned(a[1], b[1]);
    });
    String dict = "{'descr': [('f0', '<u8'), ('f1', '<u8')], 'fortran_order': False, 'shape': ("
        + pairs.length + ",), }";
    // Header padded with spaces to a multiple of 64 bytes (magic 6 + version 2 + length 2 + dict + \n).
    int unpadded = 10 + dict.length() + 1;
    int padded = (unpadded + 63) / 64 * 64;
    String header = dict + " ".repeat(padded - unpadded) + "\n";
    DataOutputStream data = new DataOutputStream(out);
    data.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    data.write(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) header.length()).array());
    data.write(header.getBytes(StandardCharsets.US_ASCII));
    ByteBuffer body = ByteBuffer.allocate(16 * 4096).order(ByteOrder.LITTLE_ENDIAN);
    for (long[] p : pairs) {
      if (body.remaining() < 16) {
        data.write(body.array(), 0, body.position());
        body.clear();
      }
      body.putLong(p[0]).putLong(p[1]);
    }
    data.write(body.array(), 0, body.position());
    data.flush();
  }
}
