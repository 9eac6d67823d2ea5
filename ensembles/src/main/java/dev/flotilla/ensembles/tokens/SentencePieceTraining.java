package dev.flotilla.ensembles.tokens;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Trains a unigram SentencePiece model with Debian's {@code sentencepiece} tools ({@code spm_train},
 * {@code spm_export_vocab}) and writes it as a HuggingFace {@code tokenizer.json}, the layout
 * HuggingFace's own converter gives SentencePiece models with byte fallback (Llama's): the pieces
 * and their scores as a Unigram model, spaces as {@code ▁} with one prepended, unknown characters
 * as UTF-8 byte pieces. Trained with identity normalization and whitespace kept, so decoding gives
 * back the text exactly (except a literal {@code ▁}, which decodes as a space).
 */
public final class SentencePieceTraining {

  private static final String SPACE = "\u2581";

  private SentencePieceTraining() {}

  /**
   * Trains on {@code text} (one sentence per line) and returns the tokenizer.json; {@code work}
   * holds the trainer's files. Fails naming the tool when it is missing or fails.
   */
  public static String train(Path text, int vocabSize, int threads, long seed, Path work) throws IOException {
    Path prefix = work.resolve("spm");
    run(List.of("spm_train", "--input=" + text, "--model_prefix=" + prefix, "--vocab_size=" + vocabSize,
        "--model_type=unigram", "--byte_fallback=true", "--normalization_rule_name=identity",
        "--remove_extra_whitespaces=false", "--allow_whitespace_only_pieces=true",
        // The trainer reads lines, so it never sees a newline: one piece for it, not a byte each.
        "--user_defined_symbols=\n", "--character_coverage=0.9995", "--max_sentence_length=16384",
        "--input_sentence_size=2000000", "--shuffle_input_sentence=true", "--num_threads=" + Math.max(1, threads),
        "--random_seed=" + (seed & 0xFFFFFFFFL) % 0xFFFFFFFFL, "--minloglevel=2"), work);
    Path vocab = work.resolve("spm.vocab.tsv");
    run(List.of("spm_export_vocab", "--model=" + prefix + ".model", "--output=" + vocab, "--output_format=vocab"),
        work);
    return tokenizerJson(entries(Files.readAllLines(vocab, StandardCharsets.UTF_8)));
  }

  /** {@code piece<TAB>score} entries of the exported lines; the newline piece spans two lines. */
  static List<String> entries(List<String> lines) {
    List<String> out = new ArrayList<>();
    StringBuilder pending = null;
    for (String line : lines) {
      String l = pending == null ? line : pending.append('\n').append(line).toString();
      if (l.indexOf('\t') < 0) {
        pending = new StringBuilder(l);
      } else {
        out.add(l);
        pending = null;
      }
    }
    return out;
  }

  /** The tokenizer.json of exported vocabulary lines ({@code piece<TAB>score}, in id order). */
  static String tokenizerJson(List<String> lines) throws IOException {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    ArrayNode vocab = f.arrayNode();
    int unk = -1;
    for (int id = 0; id < lines.size(); id++) {
      String[] parts = lines.get(id).split("\t", -1);
      if (parts.length != 2) {
        throw new IOException("spm_export_vocab line " + (id + 1) + " is not piece<TAB>score: " + lines.get(id));
      }
      vocab.addArray().add(parts[0]).add(Double.parseDouble(parts[1]));
      if (parts[0].equals("<unk>") || parts[0].equals("<s>") || parts[0].equals("</s>")) {
        unk = parts[0].equals("<unk>") ? id : unk;
        added.addObject().put("id", id).put("content", parts[0]).put("single_word", false).put("lstrip", false)
            .put("rstrip", false).put("normalized", false).put("special", true);
      }
    }
    if (unk < 0) {
      throw new IOException("the trained vocabulary has no <unk> piece");
    }
    ObjectNode normalizer = root.putObject("normalizer");
    normalizer.put("type", "Sequence");
    ArrayNode norms = normalizer.putArray("normalizers");
    norms.addObject().put("type", "Prepend").put("prepend", SPACE);
    norms.addObject().put("type", "Replace").put("content", SPACE).putObject("pattern").put("String", " ");
    root.putNull("pre_tokenizer");
    root.putNull("post_processor");
    ObjectNode decoder = root.putObject("decoder");
    decoder.put("type", "Sequence");
    ArrayNode decs = decoder.putArray("decoders");
    decs.addObject().put("type", "Replace").put("content", " ").putObject("pattern").put("String", SPACE);
    decs.addObject().put("type", "ByteFallback");
    decs.addObject().put("type", "Fuse");
    decs.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
    ObjectNode model = root.putObject("model");
    model.put("type", "Unigram");
    model.put("unk_id", unk);
    model.set("vocab", vocab);
    model.put("byte_fallback", true);
    return dev.flotilla.executors.json.Json.PLAIN.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  private static void run(List<String> command, Path work) throws IOException {
    Path log = work.resolve(command.get(0) + ".log");
    Process p;
    try {
      p = new ProcessBuilder(new ArrayList<>(command)).directory(work.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new IOException(command.get(0) + " was not found: install Debian's sentencepiece (scripts/setup does)"
          + " on every machine that runs corpus units", e);
    }
    try {
      if (!p.waitFor(6, TimeUnit.HOURS) || p.exitValue() != 0) {
        List<String> out = Files.readAllLines(log);
        throw new IOException(command.get(0) + " failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + "): "
            + String.join(" | ", out.subList(Math.max(0, out.size() - 3), out.size())));
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(command.get(0) + " was interrupted", e);
    }
  }
}
