package dev.flotilla.datafiltering.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.executors.unit.ComputeBudget;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TorchScript CLIP saved by Debian's PyTorch 1.13 runs in DJL's libtorch 2.7.1 and gives
 * PyTorch's scores; broken models fail at load, naming the file.
 */
class TorchScriptClipTest {

  @TempDir static Path tmp;
  static Path model;
  static final Configuration CONF = new Configuration();

  @BeforeAll
  static void makeModel() throws Exception {
    PyTorchPeer.assumeInstalled();
    model = PyTorchPeer.makeModel(tmp.resolve("clip.pt"), "--seed", "3");
  }

  @Test
  void scoresMatchPyTorch() throws Exception {
    ClipPreprocessing pre = ClipPreprocessing.clip(224);
    List<Path> files = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    int[][] sizes = {{224, 224}, {320, 240}, {100, 380}, {640, 480}};
    for (int i = 0; i < sizes.length; i++) {
      BufferedImage img = TestImages.rgb(sizes[i][0], sizes[i][1], i);
      Path f = tmp.resolve("img" + i + ".png");
      Files.write(f, TestImages.encode(img, "png"));
      files.add(f);
      captions.add(i % 2 == 0 ? "a photo of a red square " + i : "click here to see more, café " + i);
    }
    float[] x = new float[files.size() * pre.floats()];
    for (int i = 0; i < files.size(); i++) {
      assertThat(pre.apply(Files.readAllBytes(files.get(i)), x, i, new int[2])).isEmpty();
    }
    float[] ours;
    try (TorchScriptClip clip = TorchScriptClip.load(model.toUri().toString(), CONF, 224, 77, ComputeBudget.ofCpus(1))) {
      assertThat(clip.embedDim()).isEqualTo(32);
      ours = clip.scorePairs(x, new ByteTokenizer(77).encode(captions), captions.size());
    }
    float[] theirs = PyTorchPeer.scores(model, pre, 77, files, captions, null, null);
    assertThat(ours).hasSize(4);
    for (int i = 0; i < ours.length; i++) {
      assertThat(ours[i]).as("pair " + i).isCloseTo(theirs[i], org.assertj.core.data.Offset.offset(1e-3f));
    }
    // Not all alike: the scores depend on both the image and the caption.
    assertThat(ours[0]).isNotCloseTo(ours[1], org.assertj.core.data.Offset.offset(1e-4f));
  }

  @Test
  void brokenModelsFailAtLoadNamingTheFile() throws Exception {
    String missing = tmp.resolve("none.pt").toUri().toString();
    assertThatThrownBy(() -> TorchScriptClip.load(missing, CONF, 224, 77, ComputeBudget.ofCpus(1)))
        .hasMessage("TorchScript model " + missing + " does not exist");
    Path corrupt = tmp.resolve("corrupt.pt");
    byte[] bytes = Files.readAllBytes(model);
    Files.write(corrupt, java.util.Arrays.copyOf(bytes, bytes.length / 3));
    assertThatThrownBy(() -> TorchScriptClip.load(corrupt.toString(), CONF, 224, 77, ComputeBudget.ofCpus(1)))
        .hasMessageStartingWith("TorchScript model " + corrupt + " cannot be loaded");
    Path mismatched = PyTorchPeer.makeModel(tmp.resolve("mismatched.pt"), "--text-dim", "16");
    assertThatThrownBy(() -> TorchScriptClip.load(mismatched.toString(), CONF, 224, 77, ComputeBudget.ofCpus(1)))
        .hasMessage("TorchScript model " + mismatched + ": encode_image gives 32-d embeddings but encode_text 16-d; "
            + "the towers must share one embedding space");
  }
}
