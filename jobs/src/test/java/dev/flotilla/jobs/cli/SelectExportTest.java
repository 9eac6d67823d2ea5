package dev.flotilla.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code select --export} into a folder that does not exist: one line, exit 2, nothing read. */
class SelectExportTest {

  @TempDir Path tmp;

  @Test
  void aMissingExportFolderIsOneLineNamingTheOption() {
    StringWriter err = new StringWriter();
    CommandLine cli = FlotillaCli.commandLine();
    cli.getSubcommands().get("select").setErr(new PrintWriter(err));
    Path missing = tmp.resolve("missing/dir/x.bin");
    int code = cli.execute("select", tmp.resolve("no-run").toString(), "--export", missing.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("flotilla: --export " + missing + ": the folder "
        + missing.getParent() + " does not exist");
  }
}
