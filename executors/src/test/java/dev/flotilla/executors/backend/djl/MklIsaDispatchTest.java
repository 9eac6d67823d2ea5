package dev.flotilla.executors.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.sun.jna.NativeLibrary;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MKL's code path inside libtorch: the shipped library answers what its source says, and once the
 * engine has started MKL runs the branch of the CPU's instruction sets, on Intel and non-Intel
 * CPUs alike (on a non-Intel CPU without the library MKL runs its generic branch).
 */
class MklIsaDispatchTest {

  @Test
  void theShippedLibraryDefinesEveryFunctionOfItsSource(@TempDir Path dir) throws Exception {
    String source = Files.readString(Path.of("src/main/c/flotilla_mkl_isa.c"));
    Matcher m = Pattern.compile("(?m)^int (\\w+)\\(void\\) \\{ return (\\d+); \\}").matcher(source);
    Path lib = dir.resolve("libflotilla_mkl_isa.so");
    try (InputStream in = MklIsaDispatch.class.getResourceAsStream(MklIsaDispatch.RESOURCE)) {
      assertThat(in).as("resource " + MklIsaDispatch.RESOURCE).isNotNull();
      Files.copy(in, lib);
    }
    NativeLibrary loaded = NativeLibrary.getInstance(lib.toString());
    int functions = 0;
    while (m.find()) {
      functions++;
      assertThat(loaded.getFunction(m.group(1)).invokeInt(new Object[0]))
          .as("%s in the shipped library (rebuild it with scripts/build-native)", m.group(1))
          .isEqualTo(Integer.parseInt(m.group(2)));
    }
    assertThat(functions).as("functions in the source").isEqualTo(1);
  }

  @Test
  void mklRunsTheBranchOfThisCpusInstructionSets() throws Exception {
    try (NDManager manager = NDManager.newBaseManager(TorchThreads.engine().defaultDevice(), "PyTorch")) {
      NDArray a = manager.ones(new Shape(64, 64));
      assertThat(a.matMul(a).getFloat(0, 0)).isEqualTo(64f); // MKL has dispatched
    }
    List<String> flags = List.of(cpuFlags().split(" "));
    boolean intel = MklIsaDispatch.cpuVendor().orElseThrow().equals("GenuineIntel");
    assertThat(MklIsaDispatch.active()).as("library loaded on a non-Intel CPU").isEqualTo(!intel);
    String branch = MklIsaDispatch.branch().orElseThrow();
    if (flags.containsAll(List.of("avx512f", "avx512dq", "avx512bw", "avx512vl"))) {
      assertThat(branch).startsWith("AVX512");
    } else if (flags.contains("avx2")) {
      assertThat(branch).isIn("AVX2", "AVX512", "AVX512_E1");
    } else {
      assertThat(branch).doesNotStartWith("generic");
    }
  }

  private static String cpuFlags() throws Exception {
    try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("flags")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim())
          .orElseThrow();
    }
  }
}
