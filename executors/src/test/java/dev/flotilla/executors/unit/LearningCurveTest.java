package dev.flotilla.executors.unit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flotilla.executors.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Windows of the learning curve, its continuation after a checkpoint, and its place in the record. */
class LearningCurveTest {

  @Test
  void averagesEachWindowAndValidatesTenTimesAndAtTheEnd() {
    LearningCurve.Recorder r = new LearningCurve.Recorder(250, "accuracy");
    for (long done = 1; done <= 250; done++) {
      r.loss(done, done); // loss = step, so a window's mean is its middle
      if (r.validDue(done)) {
        r.valid(done, done / 1000.0);
      }
    }
    LearningCurve c = r.curve();
    assertThat(c.validMetric()).isEqualTo("accuracy");
    assertThat(c.points()).filteredOn(p -> p.trainLoss() != null)
        .as("windows of ceil(250/100) = 3 steps, and the last partial one").hasSize(84);
    assertThat(c.points()).as("validation steps off the windows are points of their own").hasSize(90);
    assertThat(c.points().get(0)).isEqualTo(new LearningCurve.Point(3, 2.0, null));
    assertThat(c.points().get(89)).isEqualTo(new LearningCurve.Point(250, 250.0, 0.25));
    assertThat(c.points()).filteredOn(p -> p.valid() != null).extracting(LearningCurve.Point::step)
        .containsExactly(25L, 50L, 75L, 100L, 125L, 150L, 175L, 200L, 225L, 250L);
    assertThat(c.points()).contains(new LearningCurve.Point(25, null, 0.025),
        new LearningCurve.Point(75, 74.0, 0.075));
  }

  @Test
  void aRestoredStateContinuesTheSameCurveIncludingAnOpenWindow() throws Exception {
    LearningCurve.Recorder straight = new LearningCurve.Recorder(1000, null);
    LearningCurve.Recorder first = new LearningCurve.Recorder(1000, null);
    for (long done = 1; done <= 1000; done++) {
      straight.loss(done, Math.sin(done));
      if (done <= 415) {
        first.loss(done, Math.sin(done));
      }
    }
    String saved = Json.FILES.writeValueAsString(first.state()); // step 415: mid-window
    LearningCurve.Recorder resumed = new LearningCurve.Recorder(1000, null);
    resumed.restore(Json.FILES.readValue(saved, LearningCurve.State.class));
    for (long done = 416; done <= 1000; done++) {
      resumed.loss(done, Math.sin(done));
    }
    assertThat(resumed.curve()).isEqualTo(straight.curve());
    assertThat(straight.validDue(100)).as("no validation metric: never due").isFalse();
  }

  @Test
  void recordsKeepTheirCurveAndOlderRecordsReadWithNone() throws Exception {
    LearningCurve curve = new LearningCurve("accuracy",
        List.of(new LearningCurve.Point(10, 0.5, null), new LearningCurve.Point(20, 0.4, 0.8)));
    UnitRecord r = new UnitRecord("u-1", "k", "u", JsonNodeFactory.instance.objectNode(), 0, 0, "e",
        "h", 1, 2, 3, -1, 7, Map.of("loss", 0.4), Map.of(), List.of(), curve);
    String json = UnitRecordCodec.toJson(r);
    assertThat(json).contains("\"trainLoss\" : 0.5").doesNotContain("\"valid\" : null");
    assertThat(UnitRecordCodec.fromJson(json, "x").curve()).isEqualTo(curve);
    String old = json.substring(0, json.indexOf(",\n  \"curve\"")) + "\n}";
    assertThat(UnitRecordCodec.fromJson(old, "old").curve()).isEqualTo(LearningCurve.NONE);
    assertThat(UnitOutput.of(new Probe(1.0), curve).curve()).isEqualTo(curve);
    assertThat(UnitOutput.of(new Probe(1.0)).curve().isEmpty()).isTrue();
  }

  record Probe(double x) {}
}
