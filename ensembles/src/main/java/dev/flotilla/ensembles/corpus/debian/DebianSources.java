package dev.flotilla.ensembles.corpus.debian;

import dev.flotilla.ensembles.corpus.debian.RawDocument.Licence;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Where each Debian domain's candidate documents come from, read from the unpacked packages:
 * fortunes split at their {@code %} lines, Java sources from the JDK's {@code src.zip}, C and
 * shell from glibc's source tarball, Python modules, man pages rendered by groff, HTML manuals
 * (jsoup) and raw POD. Each yields {@link RawDocument}s; their text is normalised afterwards.
 */
final class DebianSources {

  static final String FORTUNE_DIR = "/usr/share/games/fortunes";
  static final List<String> FORTUNE_QUOTES = List.of("art", "humorists", "literature", "love", "people",
      "platitudes", "tao", "wisdom");
  static final List<String> FORTUNE_TECH = List.of("computers", "debian", "linux", "linuxcookie", "perl", "science");
  static final List<String> FORTUNE_EVAL = List.of("songs-poems");
  /** Pictures, not prose. */
  static final List<String> FORTUNE_EXCLUDED = List.of("ascii-art");

  private static final Pattern FORTUNE_SEPARATOR = Pattern.compile("(?m)^%[ \\t]*\\r?\\n");
  private static final Pattern SHELL_LINE = Pattern.compile("\\b(ba|k|da)?sh\\b");
  private static final Pattern OTHER_INTERPRETER = Pattern.compile("perl|python|awk|make");
  private static final Pattern MAN_SECTION = Pattern.compile("/usr/share/man/man[1-9]/.*");

  private DebianSources() {}

  /** Fortune categories not named by another domain (nor excluded), sorted. */
  static List<String> fortuneMisc(DebianTree tree) throws IOException {
    List<String> named = new ArrayList<>(FORTUNE_QUOTES);
    named.addAll(FORTUNE_TECH);
    named.addAll(FORTUNE_EVAL);
    named.addAll(FORTUNE_EXCLUDED);
    List<String> out = new ArrayList<>();
    Path dir = tree.need(FORTUNE_DIR, "fortunes");
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path p : files) {
        String n = p.getFileName().toString();
        if (!n.contains(".") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !named.contains(n)) {
          out.add(n);
        }
      }
    }
    Collections.sort(out);
    return out;
  }

  /** One document per fortune; ids {@code fortunes:<category>#<piece>}. */
  static List<RawDocument> fortunes(DebianTree tree, List<String> categories) throws IOException {
    List<RawDocument> out = new ArrayList<>();
    for (String c : categories) {
      byte[] data = Files.readAllBytes(tree.need(FORTUNE_DIR + "/" + c, "fortunes"));
      // ISO-8859-1 maps bytes 1:1 to chars, so splitting the string splits the bytes.
      String s = new String(data, StandardCharsets.ISO_8859_1);
      if (!s.endsWith("\n")) {
        s += "\n";
      }
      String[] parts = FORTUNE_SEPARATOR.split(s, -1);
      for (int i = 0; i < parts.length; i++) {
        if (!parts[i].isBlank()) { // not the empty piece after a final '%'
          out.add(new RawDocument("fortunes:" + c + "#" + i, parts[i].getBytes(StandardCharsets.ISO_8859_1),
              Licence.NONE));
        }
      }
    }
    return out;
  }

  /** The JDK's {@code src.zip}: every {@code .java} but the generated locale data. */
  static List<RawDocument> java(DebianTree tree) throws IOException {
    Path zip = tree.need("/usr/lib/jvm/openjdk-17/lib/src.zip", "openjdk-17-source");
    List<RawDocument> out = new ArrayList<>();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        String name = entry.getName();
        if (name.endsWith(".java") && !name.startsWith("jdk.localedata/")) {
          try (InputStream in = z.getInputStream(entry)) {
            out.add(new RawDocument("src.zip:" + name, in.readAllBytes(), Licence.C));
          }
        }
      }
    } catch (IOException e) {
      throw new IOException(zip + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** glibc's source tarball: {@code .c}/{@code .h} files (c) or shell scripts (shell). */
  static List<RawDocument> glibc(DebianTree tree, boolean shell) throws IOException {
    Path dir = tree.need("/usr/src/glibc", "glibc-source");
    List<Path> tarballs = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "glibc-*.tar.xz")) {
      files.forEach(tarballs::add);
    }
    if (tarballs.isEmpty()) {
      throw new IllegalArgumentException("no " + dir + "/glibc-*.tar.xz (from Debian package glibc-source)");
    }
    Collections.sort(tarballs);
    Path tar = tarballs.get(tarballs.size() - 1);
    String base = tar.getFileName().toString();
    List<RawDocument> out = new ArrayList<>();
    try (TarArchiveInputStream t = new TarArchiveInputStream(
        new XZInputStream(new BufferedInputStream(Files.newInputStream(tar), 1 << 16)))) {
      for (TarArchiveEntry m = t.getNextTarEntry(); m != null; m = t.getNextTarEntry()) {
        if (!m.isFile()) {
          continue;
        }
        String name = m.getName();
        String rel = name.contains("/") ? name.substring(name.indexOf('/') + 1) : name;
        if (!shell) {
          if ((name.endsWith(".c") || name.endsWith(".h")) && !rel.startsWith("iconvdata/")
              && !rel.startsWith("localedata/")) {
            out.add(new RawDocument(base + ":" + name, t.readAllBytes(), Licence.C));
          }
        } else {
          byte[] data = t.readAllBytes();
          if (isShell(name, data)) {
            out.add(new RawDocument(base + ":" + name, data, Licence.HASH));
          }
        }
      }
    } catch (IOException e) {
      throw new IOException(tar + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** {@code *.sh}, {@code *.ksh}, or a {@code #!} line naming a shell and no other interpreter. */
  static boolean isShell(String name, byte[] data) {
    if (name.endsWith(".sh") || name.endsWith(".ksh")) {
      return true;
    }
    int nl = 0;
    while (nl < data.length && data[nl] != '\n') {
      nl++;
    }
    String first = new String(data, 0, nl, StandardCharsets.ISO_8859_1);
    return first.startsWith("#!") && SHELL_LINE.matcher(first).find() && !OTHER_INTERPRETER.matcher(first).find();
  }

  /** Regular files of the packages whose installed path ends with {@code suffix}, one document each. */
  static List<RawDocument> files(DebianTree tree, String suffix, Licence licence, String... packages)
      throws IOException {
    List<RawDocument> out = new ArrayList<>();
    for (String p : tree.files(packages)) {
      if (p.endsWith(suffix)) {
        out.add(new RawDocument(p, Files.readAllBytes(tree.at(p)), licence));
      }
    }
    return out;
  }

  /** Man pages of sections 1-9 rendered by groff, on {@code threads} processes at once; redirects left out. */
  static List<RawDocument> manPages(DebianTree tree, int threads, long[] failed) throws IOException {
    ManPages groff = new ManPages(tree);
    List<String> pages = tree.files("manpages", "manpages-dev").stream()
        .filter(p -> MAN_SECTION.matcher(p).matches()).toList();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<byte[]>> rendered = new ArrayList<>();
      for (String p : pages) {
        rendered.add(pool.submit(() -> groff.render(tree.at(p))));
      }
      List<RawDocument> out = new ArrayList<>();
      for (int i = 0; i < pages.size(); i++) {
        byte[] text = rendered.get(i).get();
        if (text != null) {
          out.add(new RawDocument(pages.get(i), text, Licence.NONE));
        } else if (!ManPages.isRedirect(read(tree.at(pages.get(i))))) {
          failed[0]++;
        }
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted rendering man pages", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] read(Path page) throws IOException {
    try (InputStream in = page.toString().endsWith(".gz")
        ? new java.util.zip.GZIPInputStream(Files.newInputStream(page)) : Files.newInputStream(page)) {
      return in.readAllBytes();
    }
  }

  /** HTML files of a folder matching a glob, as text; split at {@code splitTag} (null: one document per file). */
  static List<RawDocument> html(DebianTree tree, String dir, String glob, String splitTag, String pkg)
      throws IOException {
    Path folder = tree.need(dir, pkg);
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, glob)) {
      ds.forEach(files::add);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no files match " + folder + "/" + glob + " (from Debian package " + pkg + ")");
    }
    Collections.sort(files);
    List<RawDocument> out = new ArrayList<>();
    for (Path p : files) {
      List<String> docs;
      try (InputStream in = Files.newInputStream(p)) {
        docs = HtmlText.documents(in, p.toUri().toString(), splitTag);
      } catch (IOException | UncheckedIOException e) {
        throw new IOException(p + ": " + e.getMessage(), e);
      }
      for (int i = 0; i < docs.size(); i++) {
        out.add(new RawDocument(tree.installedPath(p) + "#" + i, docs.get(i).getBytes(StandardCharsets.UTF_8),
            Licence.NONE));
      }
    }
    return out;
  }
}
