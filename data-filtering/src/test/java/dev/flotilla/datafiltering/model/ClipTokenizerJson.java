package dev.flotilla.datafiltering.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.executors.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small tokenizer.json laid out as OpenAI CLIP's on the HuggingFace hub (lower-casing
 * normalizer, CLIP's split regex, byte-level BPE with "</w>" word ends, the vocabulary in CLIP's
 * order: 256 byte symbols, the same with "</w>", merges, then the two special tokens), with a
 * handful of merges instead of CLIP's 48,894.
 */
final class ClipTokenizerJson {

  /** Token to id, as written. */
  final Map<String, Integer> vocab = new LinkedHashMap<>();

  ClipTokenizerJson(List<String> merges, boolean specialTokens, Path out) throws IOException {
    List<String> symbols = byteSymbols();
    symbols.forEach(s -> vocab.put(s, vocab.size()));
    symbols.forEach(s -> vocab.put(s + "</w>", vocab.size()));
    for (String m : merges) {
      vocab.put(m.replace(" ", ""), vocab.size());
    }
    ObjectNode root = Json.PLAIN.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    if (specialTokens) {
      for (String t : List.of(ClipBpeTokenizer.START_TOKEN, ClipBpeTokenizer.END_TOKEN)) {
        vocab.put(t, vocab.size());
        added.addObject().put("id", vocab.get(t)).put("content", t).put("single_word", false).put("lstrip", false)
            .put("rstrip", false).put("normalized", true).put("special", true);
      }
    }
    ObjectNode normalizer = root.putObject("normalizer").put("type", "Sequence");
    ArrayNode norms = normalizer.putArray("normalizers");
    norms.addObject().put("type", "NFC");
    norms.addObject().put("type", "Replace").put("content", " ").putObject("pattern").put("Regex", "\\s+");
    norms.addObject().put("type", "Lowercase");
    ObjectNode pre = root.putObject("pre_tokenizer").put("type", "Sequence");
    ArrayNode pres = pre.putArray("pretokenizers");
    pres.addObject().put("type", "Split").put("behavior", "Removed").put("invert", true).putObject("pattern")
        .put("Regex", "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+");
    pres.addObject().put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true)
        .put("use_regex", false);
    root.putNull("post_processor");
    root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", true).put("trim_offsets", true)
        .put("use_regex", true);
    ObjectNode model = root.putObject("model").put("type", "BPE").putNull("dropout");
    model.put("unk_token", specialTokens ? ClipBpeTokenizer.END_TOKEN : "a").put("continuing_subword_prefix", "")
        .put("end_of_word_suffix", "</w>").put("fuse_unk", false).put("byte_fallback", false);
    ObjectNode v = model.putObject("vocab");
    vocab.forEach(v::put);
    ArrayNode m = model.putArray("merges");
    merges.forEach(m::add);
    Json.PLAIN.writeValue(out.toFile(), root);
  }

  /** GPT-2's printable stand-ins for the 256 byte values, in CLIP's vocabulary order. */
  static List<String> byteSymbols() {
    List<Integer> bs = new ArrayList<>();
    for (int b = '!'; b <= '~'; b++) {
      bs.add(b);
    }
    for (int b = 0xA1; b <= 0xAC; b++) {
      bs.add(b);
    }
    for (int b = 0xAE; b <= 0xFF; b++) {
      bs.add(b);
    }
    List<Integer> cs = new ArrayList<>(bs);
    int n = 0;
    for (int b = 0; b < 256; b++) {
      if (!bs.contains(b)) {
        bs.add(b);
        cs.add(256 + n++);
      }
    }
    List<String> out = new ArrayList<>();
    cs.forEach(c -> out.add(new String(Character.toChars(c))));
    return out;
  }
}
