package dev.flotilla.ensembles.corpus.debian;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Man pages rendered as a terminal shows them, at 80 columns, by groff from Debian's
 * {@code groff-base} as unpacked into the tree (no man renderer exists for Java, and groff is the
 * reference). Pages that only redirect ({@code .so}) are left out; a page groff rejects is
 * counted by the caller.
 */
final class ManPages {

  private static final Pattern BLANK_RUNS = Pattern.compile("\n{3,}");

  private final List<String> command;
  private final Map<String, String> env;

  /** groff of the unpacked tree when present (scripts/prepare-corpus unpacks groff-base), else the one on the PATH. */
  ManPages(DebianTree tree) {
    Path bin = tree.at("/usr/bin");
    Path share = tree.at("/usr/share/groff");
    Path site = tree.at("/etc/groff"); // share/groff/site-tmac links to /etc/groff, absolute
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(bin.resolve("groff")) && Files.isDirectory(share.resolve("current"))) {
      cmd.add(bin.resolve("groff").toString());
      cmd.addAll(List.of("-F", share.resolve("current/font").toString(), "-M", share.resolve("current/tmac").toString(),
          "-M", site.toString()));
      env = Map.of("GROFF_BIN_PATH", bin.toString(), "LC_ALL", "C.UTF-8", "MANWIDTH", "80");
    } else {
      cmd.add("groff");
      env = Map.of("LC_ALL", "C.UTF-8", "MANWIDTH", "80");
    }
    cmd.addAll(List.of("-k", "-t", "-man", "-Tutf8", "-P-cbou", "-rLL=80n", "-rLT=80n", "-rHY=0"));
    command = List.copyOf(cmd);
  }

  /** The page as text; null for a redirect or a page groff fails on. */
  byte[] render(Path page) throws IOException {
    byte[] src;
    try (InputStream in = page.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(page))
        : Files.newInputStream(page)) {
      src = in.readAllBytes();
    }
    if (isRedirect(src)) {
      return null;
    }
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IOException("cannot run " + command.get(0) + " to render " + page
          + " (groff-base unpacked in the tree, or groff on the PATH): " + e.getMessage(), e);
    }
    CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> {
      try (OutputStream out = p.getOutputStream()) {
        out.write(src);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // groff exited early: its exit code says why
      }
    });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(out);
    }
    try {
      if (p.waitFor() != 0) {
        return null;
      }
      feed.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted rendering " + page, e);
    } catch (RuntimeException e) {
      return null;
    }
    String text = out.toString(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(text.length());
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      sb.append(lines[i].stripTrailing());
      if (i + 1 < lines.length) {
        sb.append('\n');
      }
    }
    return BLANK_RUNS.matcher(sb).replaceAll("\n\n").getBytes(StandardCharsets.UTF_8);
  }

  /** A page whose only content line is {@code .so other-page}. */
  static boolean isRedirect(byte[] src) {
    List<String> body = new ArrayList<>();
    for (String l : new String(src, StandardCharsets.ISO_8859_1).split("\n", -1)) {
      if (!l.isBlank() && !l.startsWith(".\\\"") && !l.startsWith("'\\\"")) {
        body.add(l);
      }
    }
    return !body.isEmpty() && body.get(0).startsWith(".so ") && body.size() <= 2;
  }
}
