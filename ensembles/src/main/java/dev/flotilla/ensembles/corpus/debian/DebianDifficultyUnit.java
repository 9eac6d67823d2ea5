package dev.flotilla.ensembles.corpus.debian;

import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * The difficulty measures of one domain ({@link ByteNgramDifficulty}): every domain's model is
 * trained on the same number of bytes, what the smallest training domain has outside its
 * held-out fifth (at most {@code trainMax}), and scored on the domain's held-out documents (at
 * most {@code testMax} bytes). Reads the committed documents of the extraction units.
 *
 * @param extractUnit the unit that extracted this domain
 * @param trainingUnits the extraction units of every training domain (they set the byte budget)
 */
public record DebianDifficultyUnit(String domain, String extractUnit, List<String> trainingUnits, int order,
    int trainMax, int testMax) implements WorkUnit {

  public static final String KIND = "corpus-debian-difficulty";

  public DebianDifficultyUnit {
    trainingUnits = List.copyOf(trainingUnits);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String name() {
    return "difficulty-" + domain;
  }

  @Override
  public double cost() {
    return 5;
  }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    long budget = trainMax;
    for (String u : trainingUnits) {
      long bytes = 0;
      for (SelectedDocument d : documents(ctx, u)) {
        bytes += d.heldOut() ? 0 : d.text().length;
      }
      budget = Math.min(budget, bytes);
    }
    ByteArrayOutputStream train = new ByteArrayOutputStream();
    List<byte[]> test = new ArrayList<>();
    long left = testMax;
    for (SelectedDocument d : documents(ctx, extractUnit)) {
      if (!d.heldOut()) {
        train.writeBytes(d.text());
      } else if (left > 0) {
        byte[] cut = d.text().length <= left ? d.text() : java.util.Arrays.copyOf(d.text(), (int) left);
        test.add(cut);
        left -= cut.length;
      }
    }
    byte[] t = train.toByteArray();
    byte[] trainCut = t.length <= budget ? t : java.util.Arrays.copyOf(t, (int) budget);
    if (test.isEmpty()) {
      throw new IllegalArgumentException("domain " + domain + ": no held-out document to measure its difficulty on");
    }
    ByteNgramDifficulty.Scores s = ByteNgramDifficulty.score(trainCut, test, order);
    return UnitOutput.of(new DifficultyResult(domain, s.adaptive(), s.statik(), s.lzma(), s.trainBytes(),
        s.testBytes(), budget));
  }

  private static List<SelectedDocument> documents(UnitContext ctx, String unit) throws java.io.IOException {
    return DocumentsFile.read(ctx.fs(), new Path(ctx.committedOutput(unit), DocumentsFile.NAME));
  }
}
