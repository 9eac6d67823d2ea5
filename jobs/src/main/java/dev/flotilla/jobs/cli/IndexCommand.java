package dev.flotilla.jobs.cli;

import dev.flotilla.driver.report.ReportIndex;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes one HTML page linking the reports of finished runs (on the local disk). */
@Command(name = "index", description = "Write one HTML page linking the reports of finished runs.")
final class IndexCommand implements Callable<Integer> {

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "the page to write")
  Path out;

  @Option(names = "--title", defaultValue = "Flotilla runs", description = "the page's title")
  String title;

  @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "run directories with a report")
  List<Path> runs;

  @Override
  public Integer call() throws Exception {
    List<ReportIndex.Entry> entries = ReportIndex.read(runs);
    Path page = ReportIndex.write(out, title, entries);
    for (ReportIndex.Entry e : entries) {
      System.out.println(e.title() + (e.headline() == null ? "" : ": " + e.headline()));
    }
    System.out.println("index: " + page.toAbsolutePath());
    return 0;
  }
}
