package dev.flotilla.datafiltering.curation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.datafiltering.pool.Uids;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A curated subset's {@code uids.npy} from a real run of conf/dfn-quick.conf (its first 64 uids;
 * src/test/resources/fixtures/v1, see its README). There is no reader in Flotilla (DataComp reads
 * the file), so this checks the NumPy 1.0 layout DataComp relies on, and that today's writer,
 * given the same uids, writes the same bytes.
 */
class UidArrayV1FixtureTest {

  @Test
  void theV1FileIsANumpyArrayOfSortedU8Pairs() throws Exception {
    byte[] npy = fixture();
    ByteBuffer b = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[6];
    b.get(magic);
    assertThat(magic).containsExactly(0x93, 'N', 'U', 'M', 'P', 'Y');
    assertThat(new byte[] {b.get(), b.get()}).as("format version 1.0").containsExactly(1, 0);
    int headerLength = Short.toUnsignedInt(b.getShort());
    assertThat((10 + headerLength) % 64).as("data aligned to 64 bytes").isZero();
    byte[] header = new byte[headerLength];
    b.get(header);
    assertThat(new String(header, StandardCharsets.US_ASCII).stripTrailing())
        .isEqualTo("{'descr': [('f0', '<u8'), ('f1', '<u8')], 'fortran_order': False, 'shape': (64,), }");
    assertThat(b.remaining()).isEqualTo(64 * 16);

    List<String> uids = new ArrayList<>();
    long[] previous = null;
    while (b.hasRemaining()) {
      long[] pair = {b.getLong(), b.getLong()};
      if (previous != null) {
        int c = Long.compareUnsigned(previous[0], pair[0]);
        assertThat(c != 0 ? c : Long.compareUnsigned(previous[1], pair[1])).as("sorted, unsigned").isNegative();
      }
      String uid = String.format("%016x%016x", pair[0], pair[1]);
      assertThat(Uids.high(uid)).isEqualTo(pair[0]);
      assertThat(Uids.low(uid)).isEqualTo(pair[1]);
      uids.add(uid);
      previous = pair;
    }
    assertThat(uids.get(0)).isEqualTo("000a057b66786ff5f5f4ba7ccbf85357");
    assertThat(uids.get(63)).isEqualTo("0350ced9cb1cf040325f8a6f5a512b67");
  }

  @Test
  void todaysWriterWritesTheV1BytesForTheSameUids() throws Exception {
    byte[] npy = fixture();
    int dataStart = 10 + Short.toUnsignedInt(ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
    ByteBuffer data = ByteBuffer.wrap(npy, dataStart, npy.length - dataStart).order(ByteOrder.LITTLE_ENDIAN);
    List<String> uids = new ArrayList<>();
    while (data.hasRemaining()) {
      uids.add(String.format("%016x%016x", data.getLong(), data.getLong()));
    }
    java.util.Collections.reverse(uids); // the writer sorts
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    UidArray.write(out, uids);
    assertThat(out.toByteArray()).isEqualTo(npy);
  }

  private static byte[] fixture() throws Exception {
    return Files.readAllBytes(Path.of(UidArrayV1FixtureTest.class.getResource("/fixtures/v1/uids.npy").toURI()));
  }
}
