package dev.flotilla.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Tiny CLIP-shaped TorchScript models from scripts/make-test-clip (Debian's python3-torch). */
public final class TestClip {

  private TestClip() {}

  /** Writes one at {@code out}; skips the calling test where python3-torch is missing (scripts/setup installs it). */
  public static Path make(Path out, String... flags) throws Exception {
    Path python = Path.of("/usr/bin/python3");
    Assumptions.assumeTrue(Files.isExecutable(python) && new ProcessBuilder(python.toString(), "-c",
        "import torch, torchvision, PIL").start().waitFor() == 0, "needs python3-torch (scripts/setup)");
    List<String> cmd = new ArrayList<>(List.of(Path.of("..", "scripts", "make-test-clip").toString(), "--out",
        out.toString()));
    cmd.addAll(List.of(flags));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    return out;
  }
}
