package dev.flotilla.jobs.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CompactConstructorDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.nodeTypes.NodeWithSimpleName;
import com.github.javaparser.ast.stmt.BlockStmt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * jobs is thin wiring (docs/architecture.md): no source file under jobs/src/main over
 * {@value #MAX_FILE_LINES} lines, no method or constructor body over {@value #MAX_BODY_LINES}
 * lines (from its opening to its closing brace). Lines are counted from the source as parsed by
 * JavaParser, so comments, strings and text blocks cannot confuse the count.
 */
class JobsSizeTest {

  static final int MAX_FILE_LINES = 250;
  static final int MAX_BODY_LINES = 60;
  /** Surefire runs in the module's directory. */
  static final Path SOURCES = Path.of("src/main/java");

  @Test
  void noSourceFileIsLongerThanTheLimit() throws IOException {
    List<String> tooLong = new ArrayList<>();
    for (Path file : sources()) {
      int lines = Files.readAllLines(file).size();
      if (lines > MAX_FILE_LINES) {
        tooLong.add(SOURCES.relativize(file) + " (" + lines + " lines)");
      }
    }
    assertThat(tooLong).as("files over %d lines", MAX_FILE_LINES).isEmpty();
  }

  @Test
  void noMethodBodyIsLongerThanTheLimit() throws IOException {
    JavaParser parser = new JavaParser(new ParserConfiguration()
        .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
    List<String> tooLong = new ArrayList<>();
    for (Path file : sources()) {
      ParseResult<CompilationUnit> parsed = parser.parse(file);
      CompilationUnit unit = parsed.getResult().filter(u -> parsed.isSuccessful())
          .orElseThrow(() -> new IllegalStateException("cannot parse " + file + ": " + parsed.getProblems()));
      for (BodyDeclaration<?> d : unit.findAll(BodyDeclaration.class)) {
        Optional<BlockStmt> body = d instanceof MethodDeclaration m ? m.getBody()
            : d instanceof ConstructorDeclaration c ? Optional.of(c.getBody())
            : d instanceof CompactConstructorDeclaration c ? Optional.of(c.getBody())
            : Optional.empty();
        int lines = body.flatMap(BlockStmt::getRange).map(r -> r.end.line - r.begin.line + 1).orElse(0);
        if (lines > MAX_BODY_LINES) {
          String type = d.findAncestor(TypeDeclaration.class).map(t -> t.getNameAsString()).orElse("?");
          String name = d instanceof NodeWithSimpleName<?> n ? n.getNameAsString() : "?";
          tooLong.add(type + "." + name + " (" + lines + " lines, " + SOURCES.relativize(file) + ")");
        }
      }
    }
    assertThat(tooLong).as("method bodies over %d lines", MAX_BODY_LINES).isEmpty();
  }

  private static List<Path> sources() throws IOException {
    assertThat(SOURCES).as("jobs sources (tests run in the jobs module's directory)").isDirectory();
    try (Stream<Path> s = Files.walk(SOURCES)) {
      List<Path> files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
      assertThat(files).as("java files under %s", SOURCES).isNotEmpty();
      return files;
    }
  }
}
