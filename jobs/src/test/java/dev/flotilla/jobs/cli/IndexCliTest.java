package dev.flotilla.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.driver.report.Report;
import dev.flotilla.executors.rundir.RunDir;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code flotilla index}: one page linking finished runs' reports, with their headlines. */
class IndexCliTest {

  @TempDir Path tmp;

  private Path reported(String name, String title, String headline) throws Exception {
    Path dir = tmp.resolve("runs").resolve(name);
    Report r = new Report(title);
    if (headline != null) {
      r.headline(headline);
    }
    r.paragraph("body of " + name);
    r.write(RunDir.at(dir.toUri().toString(), new Configuration()));
    return dir;
  }

  @Test
  void linksEachReportRelativelyWithItsTitleAndHeadline() throws Exception {
    Path a = reported("sortednet", "SortedNet report", "worst ratio 0.97 <of> w0.25");
    Path b = reported("dfn", "DFN report", null);
    Path page = tmp.resolve("runs").resolve("index.html");
    StringWriter err = new StringWriter();
    CommandLine cli = FlotillaCli.commandLine().setErr(new PrintWriter(err));
    assertThat(cli.execute("index", "--out", page.toString(), "--title", "Tour", a.toString(),
        b.toString())).as(err.toString()).isZero();
    String html = Files.readString(page);
    assertThat(html).contains("<title>Tour</title>")
        .contains("<a href=\"sortednet/report/index.html\">SortedNet report</a>")
        .contains("worst ratio 0.97 &lt;of&gt; w0.25")
        .contains("<a href=\"dfn/report/index.html\">DFN report</a>");
    assertThat(html.indexOf("SortedNet report")).as("in the order given").isLessThan(html.indexOf("DFN report"));
    assertThat(Files.exists(page.getParent().resolve("sortednet/report/index.html"))).isTrue();
  }

  @Test
  void aRunWithoutAReportIsNamedAndNothingIsWritten() throws Exception {
    Path a = reported("sortednet", "SortedNet report", "h");
    Path unfinished = tmp.resolve("runs").resolve("hdee");
    Files.createDirectories(unfinished);
    Path page = tmp.resolve("index.html");
    StringWriter err = new StringWriter();
    CommandLine cli = FlotillaCli.commandLine().setErr(new PrintWriter(err));
    assertThat(cli.execute("index", "--out", page.toString(), a.toString(), unfinished.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("no report in " + unfinished).contains("has the run finished?");
    assertThat(Files.exists(page)).isFalse();
  }
}
