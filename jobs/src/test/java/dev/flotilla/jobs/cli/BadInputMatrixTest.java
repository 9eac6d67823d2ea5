package dev.flotilla.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.flotilla.driver.manifest.RunLock;
import dev.flotilla.executors.rundir.RunDir;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input matrix: every row of {@code bad-inputs.conf} runs the real CLI in this JVM
 * against a private copy of a committed run, then checks the exit code, that the output holds
 * the expected fragment in exactly one {@code flotilla:} line (never a stack trace), and that
 * nothing was lost: every committed unit file is still there with its checksum, or was moved
 * aside under {@code _damaged/}. See {@link BadInputFixtures} for the prepared inputs.
 */
class BadInputMatrixTest {

  @TempDir static Path shared;
  @TempDir Path tmp;

  private static Path committed;
  private static Path data;

  @BeforeAll
  static void commitABaseRunAndMakeTheInputs() throws Exception {
    data = Files.createDirectories(shared.resolve("data"));
    BadInputFixtures.makeData(data);
    committed = shared.resolve("committed");
    Path conf = shared.resolve("base.conf");
    Files.writeString(conf, baseConf(committed) + BURN_UNITS + "job = burn\n");
    Outcome base = cli("run", conf.toString());
    assertThat(base.exit).as(base.output).isZero();
  }

  static Stream<Arguments> rows() {
    Config matrix = ConfigFactory.parseResources("bad-inputs.conf").resolve();
    return matrix.getConfigList("cases").stream()
        .map(row -> Arguments.of(row.getString("id"), row));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  @Timeout(180)
  void eachBadInputGivesItsExitCodeAndOneLineAndLosesNothing(String id, Config row) throws Exception {
    Path run = tmp.resolve("run");
    BadInputFixtures.copy(committed, run);
    Map<String, String> placeholders = Map.of("$RUN", run.toString(), "$DATA", data.toString(),
        "$TMP", tmp.toString(), "$CONF", tmp.resolve("case.conf").toString());
    if (row.hasPath("conf")) {
      String conf = fill(row.getString("conf"), placeholders);
      // Burn rows get the committed run's 3 units unless they say otherwise.
      String units = conf.startsWith("job = burn") ? BURN_UNITS : "";
      Files.writeString(tmp.resolve("case.conf"), baseConf(run) + units + conf + "\n");
    }
    Map<String, String> before;
    Outcome out;
    try (AutoCloseable fixture = BadInputFixtures.apply(
        row.hasPath("fixture") ? row.getString("fixture") : "none", run, tmp)) {
      before = BadInputFixtures.checksums(run);
      out = cli(fill(row.getStringList("args"), placeholders));
    }
    String says = row.getString("says");
    int exit = row.getInt("exit");
    assertThat(out.exit).as(id + " exit code; output:\n" + out.output).isEqualTo(exit);
    assertThat(out.output).as(id + " output").contains(fill(says, placeholders));
    assertThat(out.output).as(id + ": no stack trace").doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(")
        .doesNotContain("Exception in thread");
    if (exit != 0) {
      List<String> lines = out.output.lines().filter(l -> l.startsWith("flotilla: ")).toList();
      assertThat(lines).as(id + ": one 'flotilla:' line in\n" + out.output).hasSize(1);
      assertThat(lines.get(0)).as(id).contains(fill(says, placeholders).lines().findFirst().orElse(""));
    }
    BadInputFixtures.assertNothingLost(before, run);
    if (row.hasPath("then")) {
      Outcome then = cli(fill(row.getStringList("then"), placeholders));
      assertThat(then.exit).as(id + " then; output:\n" + then.output).isZero();
      if (row.hasPath("then-says")) {
        assertThat(then.output).as(id + " then").contains(fill(row.getString("then-says"), placeholders));
      }
    }
  }

  private static final String BURN_UNITS = "burn.seconds = [0.02, 0.02, 0.02]\n";

  static String baseConf(Path runDir) {
    return "engine { master = \"local[2]\", run-dir = \"" + runDir + "\", ui = false, progress = false }\n";
  }

  private static String fill(String s, Map<String, String> placeholders) {
    String out = s;
    for (var e : placeholders.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }

  private static String[] fill(List<String> args, Map<String, String> placeholders) {
    List<String> out = new ArrayList<>();
    args.forEach(a -> out.add(fill(a, placeholders)));
    return out.toArray(String[]::new);
  }

  record Outcome(int exit, String output) { }

  /** Runs the CLI in this JVM, capturing everything it prints to stdout and stderr. */
  static synchronized Outcome cli(String... args) throws IOException {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    int exit;
    try {
      exit = FlotillaCli.commandLine().execute(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    String output = bytes.toString(StandardCharsets.UTF_8);
    oldOut.println("flotilla " + String.join(" ", args) + " -> " + exit + "\n" + output.indent(4));
    return new Outcome(exit, output);
  }

  /** Holds the run dir's lock as a live driver would, for the "locked" rows. */
  static AutoCloseable liveLock(Path run) throws IOException {
    return RunLock.acquire(RunDir.at(run.toString(), new Configuration()));
  }
}
