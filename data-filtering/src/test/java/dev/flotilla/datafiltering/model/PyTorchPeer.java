package dev.flotilla.datafiltering.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.executors.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's PyTorch 1.13 (python3-torch, python3-torchvision, python3-pil; installed by
 * scripts/setup) as the reference: writes tiny CLIP models with scripts/make-test-clip and
 * scores pairs with scripts/clip/clip_reference.py.
 */
public final class PyTorchPeer {

  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();

  private PyTorchPeer() {}

  /** Skips the calling test where Debian's PyTorch is not installed (scripts/setup installs it). */
  public static void assumeInstalled() throws Exception {
    boolean ok = Files.isExecutable(PYTHON)
        && run(List.of(PYTHON.toString(), "-c", "import torch, torchvision, PIL")).exitCode == 0;
    Assumptions.assumeTrue(ok, "needs python3-torch, python3-torchvision and python3-pil (scripts/setup)");
  }

  record Result(int exitCode, String output) {}

  static Result run(List<String> cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("OMP_NUM_THREADS", "1");
    pb.environment().put("OPENBLAS_NUM_THREADS", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("python timed out: " + cmd).isTrue();
    return new Result(p.exitValue(), out);
  }

  /** A tiny CLIP-shaped TorchScript model at {@code out} ({@code extra}: more make-test-clip flags). */
  public static Path makeModel(Path out, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(SCRIPTS.resolve("make-test-clip").toString(), "--out", out.toString()));
    cmd.addAll(List.of(extra));
    Result r = run(cmd);
    assertThat(r.exitCode).as(r.output).isZero();
    return out;
  }

  /**
   * PyTorch's scores of (image, caption) pairs, and its preprocessed images into {@code pixels}
   * (raw float32) if not null.
   */
  public static float[] scores(Path model, ClipPreprocessing pre, int context, List<Path> images,
      List<String> captions, Path pixels, long[] tokens) throws Exception {
    List<List<String>> pairs = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      pairs.add(List.of(images.get(i).toString(), captions.get(i)));
    }
    Map<String, Object> spec = new java.util.LinkedHashMap<>(Map.of("model", model.toString(), "size", pre.size(),
        "mean", pre.mean(), "std", pre.std(), "context", context, "pairs", pairs));
    if (pixels != null) {
      spec.put("pixels", pixels.toString());
    }
    if (tokens != null) {
      List<List<Long>> rows = new ArrayList<>();
      for (int i = 0; i < captions.size(); i++) {
        List<Long> row = new ArrayList<>();
        for (int j = 0; j < context; j++) {
          row.add(tokens[i * context + j]);
        }
        rows.add(row);
      }
      spec.put("tokens", rows);
    }
    Path specFile = Files.createTempFile("clip-reference-", ".json");
    try {
      Json.PLAIN.writeValue(specFile.toFile(), spec);
      Result r = run(List.of(PYTHON.toString(), SCRIPTS.resolve("clip/clip_reference.py").toString(),
          specFile.toString()));
      assertThat(r.exitCode).as(r.output).isZero();
      JsonNode out = Json.PLAIN.readTree(r.output.substring(r.output.lastIndexOf("{\"scores\"")));
      float[] s = new float[out.path("scores").size()];
      for (int i = 0; i < s.length; i++) {
        s[i] = (float) out.path("scores").get(i).asDouble();
      }
      return s;
    } finally {
      Files.deleteIfExists(specFile);
    }
  }
}
