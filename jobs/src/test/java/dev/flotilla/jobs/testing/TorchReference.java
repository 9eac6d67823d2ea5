package dev.flotilla.jobs.testing;

import dev.flotilla.executors.export.PortableModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's PyTorch ({@code /usr/bin/python3}, package python3-torch) running
 * {@code flotilla_portable.py} on an export: what a user outside Flotilla would compute.
 */
public final class TorchReference {

  private static final String PYTHON = "/usr/bin/python3";
  private static final String MODULE = "/dev/flotilla/executors/export/flotilla_portable.py";

  private final Path dir;

  public TorchReference(Path dir) {
    this.dir = dir;
  }

  private static Boolean available;

  /** Whether Debian's PyTorch imports here (asked once per JVM: an import takes seconds). */
  public static synchronized boolean available() {
    if (available == null) {
      available = imports();
    }
    return available;
  }

  private static boolean imports() {
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Writes {@code model} as {@code <name>.safetensors} and {@code <name>.json}; returns the weights path. */
  public Path write(PortableModel model, String name) throws IOException {
    Path weights = dir.resolve(name + ".safetensors");
    try (OutputStream w = Files.newOutputStream(weights);
         OutputStream c = Files.newOutputStream(dir.resolve(name + ".json"))) {
      model.write(w, c);
    }
    return weights;
  }

  /** The script's outputs for {@code n} float32 inputs, on the export {@code name}. */
  public float[] run(String name, float[] x, int n, String... args) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(4 * x.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(x);
    return run(dir.resolve(name + ".safetensors"), dir.resolve(name + ".json"), b.array(), n, args);
  }

  /** The script's outputs for {@code rows} of token ids (int32). */
  public float[] run(Path weights, Path config, int[][] rows, String... args) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(4 * rows.length * rows[0].length).order(ByteOrder.LITTLE_ENDIAN);
    for (int[] r : rows) {
      for (int v : r) {
        b.putInt(v);
      }
    }
    return run(weights, config, b.array(), rows.length, args);
  }

  /**
   * The rows {@code flotilla_portable.word_tokens} gives {@code captions} (read from a UTF-8 file,
   * one a line): the hashed-word tokenizer as a PyTorch user runs it.
   */
  public long[] wordTokens(List<String> captions, int contextLength, int vocabSize) throws Exception {
    Path script = script();
    Path text = Files.writeString(dir.resolve("captions.txt"), String.join("\n", captions),
        java.nio.charset.StandardCharsets.UTF_8);
    String code = "import sys; sys.path.insert(0, sys.argv[1]); from flotilla_portable import word_tokens; "
        + "caps = open(sys.argv[2], encoding='utf-8').read().split('\\n'); "
        + "print(' '.join(str(v) for v in word_tokens(caps, int(sys.argv[3]), int(sys.argv[4])).flatten().tolist()))";
    Process p = new ProcessBuilder(PYTHON, "-c", code, script.getParent().toString(), text.toString(),
        Integer.toString(contextLength), Integer.toString(vocabSize)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("word_tokens failed: " + out);
    }
    return java.util.Arrays.stream(out.split(" ")).mapToLong(Long::parseLong).toArray();
  }

  private Path script() throws IOException {
    Path script = dir.resolve("flotilla_portable.py");
    if (!Files.exists(script)) {
      try (InputStream in = TorchReference.class.getResourceAsStream(MODULE)) {
        Files.copy(in, script);
      }
    }
    return script;
  }

  private float[] run(Path weights, Path config, byte[] input, int n, String... args) throws Exception {
    Path script = script();
    Path in = Files.write(dir.resolve("input.bin"), input);
    Path out = dir.resolve("output.f32");
    List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), weights.toString(),
        config.toString(), in.toString(), Integer.toString(n), out.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("PyTorch failed on " + config + ": " + log);
    }
    byte[] raw = Files.readAllBytes(out);
    float[] y = new float[raw.length / 4];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(y);
    return y;
  }

  /** Largest |a[i] - b[i]|; fails if the lengths differ. */
  public static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
