package dev.flotilla.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The inputs of the bad-input matrix: broken data folders made once (Fashion-MNIST IDX files,
 * corpora, files where folders belong), named damage done to a copy of a committed run, and the
 * "nothing lost" check.
 */
final class BadInputFixtures {

  private BadInputFixtures() {}

  /** Makes every data fixture the matrix names under {@code $DATA}. */
  static void makeData(Path data) throws IOException {
    Files.writeString(data.resolve("a-file"), "not a folder\n");
    Files.createDirectories(data.resolve("empty-dir"));
    fashionMnist(data.resolve("fm-ok"), 64, 64, 32, 0);
    fashionMnist(data.resolve("fm-truncated"), 64, 40, 32, 0);
    fashionMnist(data.resolve("fm-label-out-of-range"), 64, 64, 32, 12);
    Path empty = fashionMnist(data.resolve("fm-empty-images"), 64, 64, 32, 0);
    Files.write(empty.resolve("train-images-idx3-ubyte.gz"), new byte[0]);
    Path notGzip = fashionMnist(data.resolve("fm-not-gzip"), 64, 64, 32, 0);
    Files.writeString(notGzip.resolve("t10k-images-idx3-ubyte.gz"), "<html>404</html>");
    Path noLabels = fashionMnist(data.resolve("fm-missing-labels"), 64, 64, 32, 0);
    Files.delete(noLabels.resolve("train-labels-idx1-ubyte.gz"));
    Path fewer = fashionMnist(data.resolve("fm-fewer-labels"), 64, 64, 32, 0);
    idx(fewer.resolve("train-labels-idx1-ubyte.gz"), 2049, new int[] {10}, new byte[10]);
    Path magic = fashionMnist(data.resolve("fm-bad-magic"), 64, 64, 32, 0);
    idx(magic.resolve("train-images-idx3-ubyte.gz"), 1234, new int[] {64, 28, 28}, new byte[64 * 784]);

    Path corpus = Files.createDirectories(data.resolve("corpus"));
    for (String domain : List.of("alpha", "beta", "gamma")) {
      Path d = Files.createDirectories(corpus.resolve(domain));
      for (int i = 0; i < 4; i++) {
        Files.writeString(d.resolve("doc" + i + ".txt"), (domain + " text number " + i + ". ").repeat(200));
      }
    }
    Files.createDirectories(corpus.resolve("bare"));
    Files.writeString(corpus.resolve("bare/readme.md"), "no text files here");
    Files.createDirectories(corpus.resolve("hollow"));
    Files.write(corpus.resolve("hollow/empty.txt"), new byte[0]);
  }

  /**
   * Writes a small Fashion-MNIST folder: {@code n} training images of which only {@code written}
   * are present, {@code t} test images, and labels (one of them {@code badLabel} when non-zero).
   */
  private static Path fashionMnist(Path dir, int n, int written, int t, int badLabel) throws IOException {
    Files.createDirectories(dir);
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (byte) (i % 10);
    }
    if (badLabel != 0) {
      labels[n / 2] = (byte) badLabel;
    }
    idx(dir.resolve("train-images-idx3-ubyte.gz"), 2051, new int[] {n, 28, 28}, pixels(written));
    idx(dir.resolve("train-labels-idx1-ubyte.gz"), 2049, new int[] {n}, labels);
    idx(dir.resolve("t10k-images-idx3-ubyte.gz"), 2051, new int[] {t, 28, 28}, pixels(t));
    byte[] testLabels = new byte[t];
    for (int i = 0; i < t; i++) {
      testLabels[i] = (byte) (i % 10);
    }
    idx(dir.resolve("t10k-labels-idx1-ubyte.gz"), 2049, new int[] {t}, testLabels);
    return dir;
  }

  private static byte[] pixels(int images) {
    byte[] p = new byte[images * 784];
    for (int i = 0; i < p.length; i++) {
      p[i] = (byte) (i * 31 % 251);
    }
    return p;
  }

  private static void idx(Path file, int magic, int[] dims, byte[] body) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(raw)) {
      out.writeInt(magic);
      for (int d : dims) {
        out.writeInt(d);
      }
      out.write(body);
    }
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file))) {
      gz.write(raw.toByteArray());
    }
  }

  /** Does the named damage to the run copy; the returned handle undoes what must not outlive the row. */
  static AutoCloseable apply(String fixture, Path run, Path tmp) throws Exception {
    Path unit = firstUnit(run);
    switch (fixture) {
      case "none" -> { }
      case "live-lock" -> {
        return BadInputMatrixTest.liveLock(run);
      }
      case "garbage-lock" -> Files.writeString(run.resolve("_lock"), "}{ not a lock");
      case "empty-lock" -> Files.write(run.resolve("_lock"), new byte[0]);
      case "dead-lock" -> Files.writeString(run.resolve("_lock"), "{\"host\":\""
          + java.net.InetAddress.getLocalHost().getHostName() + "\",\"pid\":" + deadPid()
          + ",\"token\":\"x\",\"startedMillis\":" + System.currentTimeMillis()
          + ",\"heartbeatMillis\":" + System.currentTimeMillis() + "}");
      case "truncated-manifest" -> truncate(run.resolve("manifest.json"));
      case "empty-manifest" -> Files.write(run.resolve("manifest.json"), new byte[0]);
      case "garbage-manifest" -> Files.writeString(run.resolve("manifest.json"), "[1, 2, 3]");
      case "no-manifest" -> Files.delete(run.resolve("manifest.json"));
      case "no-manifest-stale-journal" -> { // the snapshot deleted, a change file of it left
        Files.delete(run.resolve("manifest.json"));
        Files.createDirectories(run.resolve("journal"));
        Files.writeString(run.resolve("journal/000000000005.json"), "[{\"id\": \""
            + unit.getFileName() + "\", \"state\": \"FAILED\", \"lastError\": \"stale\"}]");
      }
      case "stale-journal-file" -> { // a change file older than the snapshot (a killed compaction)
        Files.createDirectories(run.resolve("journal"));
        Files.writeString(run.resolve("journal/000000000000.json"), "[{\"id\": \""
            + unit.getFileName() + "\", \"state\": \"FAILED\", \"lastError\": \"stale\"}]");
      }
      case "corrupt-journal-file" -> {
        Files.createDirectories(run.resolve("journal"));
        Files.writeString(run.resolve("journal/999999999999.json"), "[{\"id\": ");
      }
      case "unit-json-deleted" -> Files.delete(unit.resolve("_UNIT.json"));
      case "unit-dir-deleted" -> deleteTree(unit);
      case "unit-json-truncated" -> truncate(unit.resolve("_UNIT.json"));
      case "unit-json-garbage" -> Files.writeString(unit.resolve("_UNIT.json"), "{\"id\": 42}");
      case "unit-extra-file" -> Files.writeString(unit.resolve("stray.txt"), "left by hand");
      case "litter" -> {
        Files.writeString(run.resolve(".manifest.json.tmp-0000"), "{\"half");
        Files.createDirectories(run.resolve("report"));
        Files.writeString(run.resolve("report/.index.html.tmp-0000"), "<html");
        Files.createDirectories(run.resolve("_attempts/u-0-a1"));
        Files.write(run.resolve("_attempts/u-0-a1/_ATTEMPT.json"), new byte[0]);
      }
      default -> throw new IllegalArgumentException("unknown fixture " + fixture);
    }
    return () -> { };
  }

  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void truncate(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(b, b.length / 2));
  }

  private static Path firstUnit(Path run) throws IOException {
    Path units = run.resolve("units");
    if (!Files.isDirectory(units)) {
      return run;
    }
    try (Stream<Path> s = Files.list(units)) {
      return s.sorted().findFirst().orElse(run);
    }
  }

  /** Copies a run dir (files only; the lock is never part of a finished run). */
  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** SHA-256 of every file under {@code units/}, by path relative to the run dir. */
  static Map<String, String> checksums(Path run) throws Exception {
    Map<String, String> sums = new TreeMap<>();
    Path units = run.resolve("units");
    if (!Files.isDirectory(units)) {
      return sums;
    }
    try (Stream<Path> s = Files.walk(units)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        sums.put(run.relativize(p).toString(), sha(p));
      }
    }
    return sums;
  }

  /**
   * Every unit file from before is unchanged in place, or unchanged under
   * {@code _damaged/<unit>-<time>/} (moved aside, never deleted).
   */
  static void assertNothingLost(Map<String, String> before, Path run) throws Exception {
    Map<String, String> after = checksums(run);
    for (var e : before.entrySet()) {
      String path = e.getKey();
      if (e.getValue().equals(after.get(path))) {
        continue;
      }
      Path rel = Path.of(path); // units/<id>/<file...>
      String id = rel.getName(1).toString();
      Path rest = rel.subpath(2, rel.getNameCount());
      boolean movedAside = false;
      Path damaged = run.resolve("_damaged");
      if (Files.isDirectory(damaged)) {
        try (Stream<Path> s = Files.list(damaged)) {
          for (Path d : s.filter(d -> d.getFileName().toString().startsWith(id + "-")).toList()) {
            Path f = d.resolve(rest.toString());
            movedAside |= Files.isRegularFile(f) && sha(f).equals(e.getValue());
          }
        }
      }
      assertThat(movedAside).as(path + " is neither unchanged nor moved aside under _damaged/").isTrue();
    }
  }

  private static String sha(Path p) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }
}
