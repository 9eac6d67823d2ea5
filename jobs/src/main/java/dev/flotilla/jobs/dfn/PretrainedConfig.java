package dev.flotilla.jobs.dfn;

import dev.flotilla.datafiltering.model.ClipBpeTokenizer;
import dev.flotilla.datafiltering.model.ClipPreprocessing;
import dev.flotilla.datafiltering.model.ClipSpec;
import dev.flotilla.datafiltering.model.PretrainedClip;
import dev.flotilla.datafiltering.model.TorchScriptClip;
import dev.flotilla.executors.unit.ComputeBudget;
import dev.flotilla.jobs.config.ConfigReader;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * {@code dfn.model.source} and, for {@code torchscript}, the user's CLIP: {@code dfn.model.torchscript},
 * {@code dfn.model.tokenizer}, {@code dfn.model.context-length} and {@code dfn.preprocess.*}. The
 * model (and tokenizer) is loaded once here, on the driver, so a missing or broken file, towers
 * that disagree, or a tokenizer without CLIP's special tokens fail before any unit runs (naming
 * the key and the file).
 */
final class PretrainedConfig {

  static final String TRAINED = "trained";
  static final String TORCHSCRIPT = "torchscript";

  private PretrainedConfig() {}

  /** The user's CLIP, or null when the job trains its own filtering network. */
  static PretrainedClip read(ConfigReader c) {
    if (c.oneOf("dfn.model.source", List.of(TRAINED, TORCHSCRIPT)).equals(TRAINED)) {
      return null;
    }
    if (!c.has("dfn.model.torchscript")) {
      throw c.error("dfn.model.source", "needs dfn.model.torchscript, the model file");
    }
    Configuration hadoop = new Configuration(); // HADOOP_CONF_DIR, as for any Hadoop client
    String model = qualified(c, "dfn.model.torchscript", hadoop);
    String tokenizer = tokenizer(c);
    if (ClipSpec.WORDS.equals(tokenizer)) {
      throw c.error("dfn.model.tokenizer", "hashed words are the built-in network's tokenizer; a TorchScript model "
          + "reads bytes or the tokenizer.json it was trained with");
    }
    if (ClipSpec.BYTES.equals(tokenizer)) {
      tokenizer = null; // a TorchScript model's default
    }
    ClipPreprocessing preprocess;
    try {
      preprocess = new ClipPreprocessing(c.intAtLeast("dfn.preprocess.size", 1),
          c.doubleList("dfn.preprocess.mean", -10, 10, true), c.positiveList("dfn.preprocess.std", true));
    } catch (IllegalArgumentException e) {
      throw c.error("dfn.preprocess", e.getMessage());
    }
    PretrainedClip clip = new PretrainedClip(model, preprocess, tokenizer, c.intAtLeast("dfn.model.context-length", 2));
    try (TorchScriptClip loaded = TorchScriptClip.load(model, hadoop, preprocess.size(), clip.contextLength(),
        ComputeBudget.ofCpus(1))) {
      // checked: both towers run and agree
    } catch (IOException e) {
      throw failed(c, "dfn.model.torchscript", e);
    }
    return clip;
  }

  /**
   * {@code dfn.model.tokenizer} (the TorchScript model's, and the built-in network's): null when
   * not set (hashed words for the built-in network, bytes for a TorchScript model), {@code words}
   * or {@code bytes}, else a tokenizer.json, qualified and loaded once to check it has CLIP's
   * start and end tokens.
   */
  static String tokenizer(ConfigReader c) {
    if (!c.has("dfn.model.tokenizer")) {
      return null;
    }
    String named = c.nonBlank("dfn.model.tokenizer");
    if (named.equals(ClipSpec.WORDS) || named.equals(ClipSpec.BYTES)) {
      return named;
    }
    Configuration hadoop = new Configuration();
    String tokenizer = qualified(c, "dfn.model.tokenizer", hadoop);
    try (ClipBpeTokenizer loaded = ClipBpeTokenizer.load(tokenizer, hadoop, c.intAtLeast("dfn.model.context-length", 2))) {
      return tokenizer;
    } catch (IOException e) {
      throw failed(c, "dfn.model.tokenizer", e);
    }
  }

  private static IllegalArgumentException failed(ConfigReader c, String key, IOException e) {
    IllegalArgumentException x = c.error(key, e.getMessage());
    x.initCause(e);
    return x;
  }

  /** The file under {@code key}, qualified (e.g. {@code file:/...}); it must exist. */
  private static String qualified(ConfigReader c, String key, Configuration hadoop) {
    String value = c.nonBlank(key);
    try {
      Path p = new Path(value);
      var fs = p.getFileSystem(hadoop);
      if (!fs.isFile(p)) {
        throw c.error(key, "no such file");
      }
      return fs.makeQualified(p).toString();
    } catch (IOException e) {
      throw failed(c, key, e);
    }
  }
}
