package dev.flotilla.ensembles.corpus.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.flotilla.ensembles.corpus.debian.RawDocument.Licence;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text extraction of the Debian corpus on files made here: HTML, man pages, fortunes, code. */
class DebianTextTest {

  @TempDir Path tmp;

  @Test
  void htmlKeepsTheTextDropsNavigationAndSplitsAtSections() throws IOException {
    String html = """
        <html><head><title>Ignored title</title><script>var x = 1;</script></head><body>
        <div class="navheader">Prev | Next</div>
        <div class="toc"><ul><li>1. Intro</li></ul></div>
        <h2>1. Intro</h2><p>First   paragraph,
        over two lines.</p>
        <ul><li>one</li><li>two &amp; three</li></ul>
        <pre>  indented  code
          kept   as is   </pre>
        <h2>2. Next</h2><table><tr><td>a</td><td>b</td></tr></table>
        <div class="navfooter">Home</div>
        </body></html>""";
    List<String> docs = HtmlText.documents(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)),
        "file:///x.html", "h2");
    assertThat(docs).containsExactly(
        "1. Intro\n\nFirst paragraph, over two lines.\n\n- one\n\n- two & three\n\n  indented  code\n  kept   as is\n",
        "2. Next\n\na b\n");
    assertThat(HtmlText.documents(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)), "file:///x.html",
        null)).hasSize(1);
  }

  @Test
  void codeLosesItsLeadingLicenceOnlyAndBadUtf8IsCounted() {
    TextNormaliser n = new TextNormaliser();
    String java = "/*\n * Copyright (c) 2020, Oracle.\n */\n\n/* Helpers. */\nclass A {}\r\n\n\n";
    assertThat(n.normalise(new RawDocument("a", java.getBytes(StandardCharsets.UTF_8), Licence.C)))
        .isEqualTo("/* Helpers. */\nclass A {}\n");
    String py = "#!/usr/bin/python3\n# Licensed under the PSF licence.\n#\nimport os\n";
    assertThat(n.normalise(new RawDocument("b", py.getBytes(StandardCharsets.UTF_8), Licence.HASH)))
        .isEqualTo("#!/usr/bin/python3\nimport os\n");
    assertThat(n.normalise(new RawDocument("c", "# just a comment\nx=1\n".getBytes(StandardCharsets.UTF_8),
        Licence.HASH))).isEqualTo("# just a comment\nx=1\n");
    assertThat(n.replacementChars).isZero();
    byte[] bad = {'o', 'k', (byte) 0xff, ' ', 'b', '\b', 'b', 'o', 'l', 'd', 0};
    assertThat(n.normalise(new RawDocument("d", bad, Licence.NONE))).isEqualTo("ok\ufffd bold\n");
    assertThat(n.replacementChars).isEqualTo(1);
    assertThat(n.docsWithReplacements).isEqualTo(1);
    assertThat(n.normalise(new RawDocument("e", " \n\t\n".getBytes(StandardCharsets.UTF_8), Licence.NONE))).isEmpty();
  }

  @Test
  void fortunesSplitAtPercentLinesAndShellScriptsByTheirFirstLine() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("tree/usr/share/games/fortunes"));
    Files.writeString(dir.resolve("art"), "First fortune.\n%\nSecond\n  -- someone\n% \n%\n");
    Files.writeString(dir.resolve("art.dat"), "index");
    Files.writeString(dir.resolve("zen"), "z\n");
    DebianTree tree = new DebianTree(tmp);
    List<RawDocument> docs = DebianSources.fortunes(tree, List.of("art"));
    assertThat(docs).extracting(RawDocument::source).containsExactly("fortunes:art#0", "fortunes:art#1");
    assertThat(new String(docs.get(1).bytes(), StandardCharsets.UTF_8)).isEqualTo("Second\n  -- someone\n");
    assertThat(DebianSources.fortuneMisc(tree)).containsExactly("zen");
    assertThatThrownBy(() -> DebianSources.fortunes(tree, List.of("missing")))
        .hasMessageContaining("usr/share/games/fortunes/missing is missing (from Debian package fortunes");
    assertThat(DebianSources.isShell("x/run.ksh", new byte[0])).isTrue();
    assertThat(DebianSources.isShell("x/run", "#!/bin/bash\necho".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(DebianSources.isShell("x/run", "#!/bin/sh -- # -*- perl -*-\n".getBytes(StandardCharsets.UTF_8)))
        .isFalse();
  }

  @Test
  void manPagesAreRenderedByGroffAndRedirectsLeftOut() throws IOException {
    assumeThat(Path.of("/usr/bin/groff")).as("groff (Debian groff-base) on this machine").exists();
    Path page = tmp.resolve("demo.1.gz");
    try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(page))) {
      gz.write(".\\\" a comment\n.TH DEMO 1\n.SH NAME\ndemo \\- shows \\fBbold\\fR text\n".getBytes(StandardCharsets.UTF_8));
    }
    String text = new String(new ManPages(new DebianTree(tmp)).render(page), StandardCharsets.UTF_8);
    assertThat(text).contains("NAME").contains("demo - shows bold text").doesNotContain("\b").doesNotContain("\n\n\n");
    ByteArrayOutputStream so = new ByteArrayOutputStream();
    so.writeBytes(".so man1/other.1\n".getBytes(StandardCharsets.UTF_8));
    assertThat(ManPages.isRedirect(so.toByteArray())).isTrue();
  }

  /** Witten-Bell with no context (order 0), trained on "ab", scoring "a": by hand (1 + 2/256) / (2 + 2). */
  @Test
  void ngramBitsMatchAHandComputedCase() {
    ByteNgramDifficulty.Scores s = ByteNgramDifficulty.score("ab".getBytes(StandardCharsets.US_ASCII),
        List.of("a".getBytes(StandardCharsets.US_ASCII)), 0);
    double p = (1 + 2.0 / 256) / 4;
    assertThat(s.statik()).isCloseTo(-Math.log(p) / Math.log(2), within(1e-12));
    assertThat(s.adaptive()).isCloseTo(s.statik(), within(1e-12));
    // "aa": the second 'a' is also counted from the document itself in the adaptive model only.
    ByteNgramDifficulty.Scores two = ByteNgramDifficulty.score("ab".getBytes(StandardCharsets.US_ASCII),
        List.of("aa".getBytes(StandardCharsets.US_ASCII)), 0);
    double adaptiveSecond = (1 + 1 + 2 * (1.0 / 256)) / (2 + 1 + 2);
    assertThat(two.adaptive() * 2).isCloseTo(-Math.log(p) / Math.log(2) - Math.log(adaptiveSecond) / Math.log(2),
        within(1e-12));
    assertThat(two.statik()).isCloseTo(s.statik(), within(1e-12));
  }

  @Test
  void repetitiveTextIsEasierThanVariedText() {
    StringBuilder easy = new StringBuilder();
    StringBuilder hard = new StringBuilder();
    java.util.Random r = new java.util.Random(7);
    for (int i = 0; i < 4000; i++) {
      easy.append("the cat sat on the mat. ");
      hard.append((char) ('a' + r.nextInt(26)));
    }
    byte[] e = easy.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] h = hard.toString().getBytes(StandardCharsets.US_ASCII);
    ByteNgramDifficulty.Scores se = ByteNgramDifficulty.score(java.util.Arrays.copyOf(e, 80_000),
        List.of(java.util.Arrays.copyOfRange(e, 80_000, 80_500)), 4);
    ByteNgramDifficulty.Scores sh = ByteNgramDifficulty.score(java.util.Arrays.copyOf(h, 3_500),
        List.of(java.util.Arrays.copyOfRange(h, 3_500, 4_000)), 4);
    assertThat(se.adaptive()).isLessThan(0.5);
    assertThat(sh.statik()).isGreaterThan(4.0); // log2(26) = 4.7 for uniform letters
    assertThat(se.lzma()).isLessThan(sh.lzma());
  }
}
