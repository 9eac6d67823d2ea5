package dev.flotilla.datafiltering.curation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.datafiltering.pool.Uids;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npy layout, checked by NumPy itself (Debian's python3-numpy) the way DataComp reads it. */
class UidArrayTest {

  @TempDir Path tmp;

  @Test
  void numpyReadsSortedU8PairsOfTheHexHalves() throws Exception {
    List<String> uids = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      uids.add(Uids.of("u" + i));
    }
    uids.add("ffffffffffffffff0000000000000001"); // high bit set: unsigned order matters
    uids.add("00000000000000000000000000000000");
    Path npy = tmp.resolve("uids.npy");
    try (OutputStream out = Files.newOutputStream(npy)) {
      UidArray.write(out, uids);
    }
    Path expected = tmp.resolve("expected.txt");
    Files.write(expected, uids);
    String script = String.join("\n",
        "import numpy as np, sys",
        "a = np.load(sys.argv[1])",
        "uids = open(sys.argv[2]).read().split()",
        "ref = np.sort(np.array([(int(u[:16], 16), int(u[16:32], 16)) for u in uids], np.dtype('u8,u8')))",
        "assert a.dtype == np.dtype('u8,u8'), a.dtype",
        "assert a.shape == ref.shape, (a.shape, ref.shape)",
        "assert (a == ref).all()",
        "assert (np.sort(a) == a).all()",
        "print('ok', len(a))");
    Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, npy.toString(), expected.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out.trim()).isEqualTo("ok 1002");
  }
}
