package dev.flotilla.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {

  @TempDir Path tmp;

  private ConfigReader read(String hocon) throws Exception {
    Path f = tmp.resolve("job.conf");
    Files.writeString(f, hocon);
    return new ConfigReader(ConfigFactory.parseFile(f.toFile()).resolve());
  }

  @Test
  void errorsNameFileLineKeyValueAndRange() throws Exception {
    ConfigReader c = read("a = 1\nb {\n  batch-size = 12.5\n  lrs = []\n  n = 0\n  f = 1.5\n}\n");
    String file = tmp.resolve("job.conf").toString();
    assertThatThrownBy(() -> c.intAtLeast("b.batch-size", 1))
        .hasMessage(file + ":3: b.batch-size = 12.5: must be a whole number, got 12.5");
    assertThatThrownBy(() -> c.positiveList("b.lrs", true))
        .hasMessage(file + ":4: b.lrs = []: must not be empty");
    assertThatThrownBy(() -> c.intIn("b.n", 1, 8)).hasMessage(file + ":5: b.n = 0: must be in [1, 8]");
    assertThatThrownBy(() -> c.fraction("b.f")).hasMessageContaining("b.f = 1.5: must be a fraction in (0, 1]");
    assertThatThrownBy(() -> c.string("b.missing")).hasMessage("b.missing = (missing): is required");
    assertThat(c.intIn("a", 1, 8)).isEqualTo(1);
  }

  @Test
  void typedListsAndChoices() throws Exception {
    ConfigReader c = read("w = [[64, 32], [128]]\nlr = [1e-3, 0.01]\nk = djl\nbad = [[1, 2.5]]\n"
        + "z = [0, 1.5]\nneg = [0, -1]\n");
    assertThat(c.intLists("w", 1, true)).isEqualTo(List.of(List.of(64, 32), List.of(128)));
    assertThat(c.positiveList("lr", true)).containsExactly(1e-3, 0.01);
    assertThat(c.nonNegativeList("z", true)).containsExactly(0.0, 1.5);
    assertThatThrownBy(() -> c.nonNegativeList("neg", false))
        .hasMessageContaining("neg = [0,-1]: entries must be numbers >= 0, got -1");
    assertThat(c.oneOf("k", List.of("djl", "dl4j"))).isEqualTo("djl");
    assertThatThrownBy(() -> c.oneOf("k", List.of("dl4j"))).hasMessageContaining("must be one of [dl4j]");
    assertThatThrownBy(() -> c.intLists("bad", 1, true)).hasMessageContaining("must be a whole number");
  }

  @Test
  void listEntriesNameTheirIndex() throws Exception {
    ConfigReader c = read("t = [\n  {policy = sandwich, seed = 1},\n  {policy = greedy, sede = 2}\n]\n");
    String file = tmp.resolve("job.conf").toString();
    List<ConfigReader> entries = c.objectList("t", true);
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).oneOf("policy", List.of("sandwich"))).isEqualTo("sandwich");
    assertThat(entries.get(0).has("per-step")).isFalse();
    assertThatThrownBy(() -> entries.get(1).oneOf("policy", List.of("sandwich")))
        .hasMessage(file + ":3: t[1].policy = greedy: must be one of [sandwich]");
    assertThatThrownBy(() -> entries.get(1).onlyKeys(List.of("policy", "seed")))
        .hasMessage(file + ":3: t[1].sede = 2: unknown key; known: [policy, seed]");
    assertThatThrownBy(() -> read("t = [1]\n").objectList("t", false))
        .hasMessageContaining("t = [1]: entries must be objects, got 1");
  }

  @Test
  void numberListsInARangeAcceptTheirBounds() throws Exception {
    ConfigReader c = read("p = [0.4, 0, 1]\nq = [0.5, -0.1]\nr = [0.5, x]\n");
    assertThat(c.doubleList("p", 0, 1, true)).containsExactly(0.4, 0.0, 1.0);
    assertThatThrownBy(() -> c.doubleList("q", 0, 1, true))
        .hasMessage(tmp.resolve("job.conf") + ":2: q = [0.5,-0.1]: entries must be numbers in [0, 1], got -0.1");
    assertThatThrownBy(() -> c.doubleList("r", 0, 1, true)).hasMessageContaining("must be a number, got x");
  }

  @Test
  void listsOfStringLists() throws Exception {
    ConfigReader c = read("g = [[java, c], [\"fortunes\"]]\nnone = []\nhole = [[java], []]\nnum = [[java, 3]]\n");
    assertThat(c.stringLists("g", true)).isEqualTo(List.of(List.of("java", "c"), List.of("fortunes")));
    assertThat(c.stringLists("none", false)).isEmpty();
    assertThatThrownBy(() -> c.stringLists("none", true)).hasMessageContaining("none = []: must not be empty");
    assertThatThrownBy(() -> c.stringLists("hole", true))
        .hasMessageContaining(":3: hole = ").hasMessageContaining("each entry must be a non-empty list of strings, got []");
    assertThatThrownBy(() -> c.stringLists("num", true)).hasMessageContaining("got [\"java\",3]");
  }
}
