package dev.flotilla.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The add-opens list has one source (jvm-opens.txt); the pom's copy and the scripts' read agree. */
class JvmOpensTest {

  private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

  private static List<String> opens() {
    return Arrays.asList(SparkSessions.JAVA_OPENS.split(" "));
  }

  @Test
  void theListHoldsSparksOpens() {
    assertThat(opens()).hasSize(14).allMatch(f -> f.matches("--add-opens=java\\.base/[a-z.]+=ALL-UNNAMED"))
        .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
  }

  @Test
  void surefiresArgLinePropertyIsTheSameList() throws Exception {
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(ROOT.resolve("pom.xml").toFile());
    String property = pom.getElementsByTagName("flotilla.jvm.opens").item(0).getTextContent().trim();
    assertThat(Arrays.asList(property.split("\\s+"))).as("pom.xml flotilla.jvm.opens")
        .containsExactlyElementsOf(opens());
  }

  @Test
  void theScriptsReadTheSameList() throws Exception {
    Process p = new ProcessBuilder("bash", "-c", "source scripts/jvm-opens.sh && echo $FLOTILLA_OPENS")
        .directory(ROOT.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(Arrays.asList(out.split("\\s+"))).containsExactlyElementsOf(opens());
  }
}
