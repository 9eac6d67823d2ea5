package dev.flotilla.executors.backend.djl;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Has libtorch's MKL pick its code path by the CPU's instruction sets, on CPUs not made by Intel.
 *
 * <p>libtorch 2.7.1 links MKL 2024.2, which runs its generic branch on any CPU whose vendor is
 * not Intel: on an AMD EPYC with AVX-512 its sgemm gave ~75 GFLOP/s on one thread where its
 * AVX-512 branch gives ~170 (Debian's OpenBLAS ~95), so the DFN scoring networks ran at 0.55-0.73x
 * of PyTorch with OpenBLAS. MKL asks one exported function, {@code mkl_serv_intel_cpu_true},
 * through libtorch's PLT; the executors' resources carry a 13 KB library defining it (source in
 * {@code executors/src/main/c}), loaded with {@code RTLD_GLOBAL} before libtorch starts, so
 * MKL's first call binds to it and MKL dispatches on the CPU's features as on an Intel CPU. Only
 * the choice of kernels changes: the GEMMs compute the same products (scores checked against
 * PyTorch in the DFN benchmark).
 *
 * <p>Loaded only on Linux x86-64 with a non-Intel CPU; {@code FLOTILLA_MKL_ISA=0} in the
 * environment (executors: {@code spark.executorEnv.FLOTILLA_MKL_ISA}) keeps MKL's own choice. A
 * failure to load costs speed only, so it is logged, never thrown.
 */
public final class MklIsaDispatch {

  private static final Logger LOG = LoggerFactory.getLogger(MklIsaDispatch.class);

  /** Where {@code scripts/build-native} puts the library in the executors' resources. */
  static final String RESOURCE = "/dev/flotilla/executors/native/linux-x86-64/libflotilla_mkl_isa.so";
  private static final int RTLD_NOW = 0x2;
  private static final int RTLD_GLOBAL = 0x100;

  /** MKL's {@code MKL_CBWR_*} branch codes (mkl_cbwr.h) that name an instruction set. */
  private static final Map<Integer, String> BRANCHES = Map.of(
      2, "generic (MKL_CBWR_AUTO: no Intel branch)", 3, "COMPATIBLE", 4, "SSE2", 8, "SSE4_2",
      9, "AVX", 10, "AVX2", 12, "AVX512", 14, "AVX512_E1");

  /** Held for the life of the JVM: a collected NativeLibrary closes its handle. */
  private static NativeLibrary loaded;
  private static boolean decided;

  private MklIsaDispatch() {}

  /**
   * Loads the library if this CPU needs it and it is not turned off; once per JVM, before the
   * PyTorch engine starts ({@link TorchThreads#engine}). True if it is loaded.
   */
  public static synchronized boolean beforeEngineStart() {
    if (decided) {
      return loaded != null;
    }
    decided = true;
    Optional<String> vendor = cpuVendor();
    boolean wanted = "Linux".equals(System.getProperty("os.name"))
        && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"))
        && vendor.isPresent() && !"GenuineIntel".equals(vendor.get())
        && !"0".equals(System.getenv("FLOTILLA_MKL_ISA"));
    if (!wanted) {
      return false;
    }
    try {
      Path file = Files.createTempFile("flotilla-mkl-isa", ".so");
      file.toFile().deleteOnExit();
      try (InputStream in = MklIsaDispatch.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IOException("resource " + RESOURCE + " is missing from the executors' jar");
        }
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      loaded = NativeLibrary.getInstance(file.toString(), Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW | RTLD_GLOBAL));
      // DEBUG: the normal case on AMD hosts, not news to a notebook's user.
      LOG.debug("libtorch's MKL dispatches by instruction set on this {} CPU (FLOTILLA_MKL_ISA=0 keeps its "
          + "vendor check)", vendor.get());
      return true;
    } catch (IOException | LinkageError | RuntimeException e) {
      LOG.warn("libtorch's MKL keeps its generic code path on this {} CPU: {}", vendor.get(), e.toString());
      return false;
    }
  }

  /** Whether the library was loaded in this JVM. */
  public static synchronized boolean active() {
    return loaded != null;
  }

  /**
   * The code branch MKL chose in this process, as named in mkl_cbwr.h (e.g. "AVX512_E1"), read
   * from the libtorch the engine loaded; empty before the engine started or where libtorch has
   * no MKL. Recorded by the benchmarks beside their speeds.
   */
  public static Optional<String> branch() {
    return libtorchCpu().map(lib -> {
      NativeLibrary torch = NativeLibrary.getInstance(lib.toString());
      Function f;
      try {
        f = torch.getFunction("mkl_serv_cbwr_get_auto_branch");
      } catch (UnsatisfiedLinkError e) {
        return null;
      }
      int code = f.invokeInt(new Object[0]);
      return BRANCHES.getOrDefault(code, "MKL_CBWR code " + code);
    });
  }

  /** The libtorch_cpu.so mapped into this process, from /proc/self/maps. */
  private static Optional<Path> libtorchCpu() {
    try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
      return lines.map(l -> l.substring(l.lastIndexOf(' ') + 1))
          .filter(p -> p.endsWith("/libtorch_cpu.so"))
          .findFirst()
          .map(Path::of);
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  /** The CPU's vendor string from /proc/cpuinfo ("GenuineIntel", "AuthenticAMD", ...). */
  static Optional<String> cpuVendor() {
    try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("vendor_id"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst();
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }
}
