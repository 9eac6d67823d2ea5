package dev.flotilla.datafiltering.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A user's pretrained CLIP as the filtering network ({@code dfn.model.source = torchscript}): the
 * TorchScript file ({@link TorchScriptClip}) on any Hadoop FS, the image preprocessing it was
 * trained with, and its caption tokenizer ({@code tokenizer.json} on any Hadoop FS, or null for
 * {@link ByteTokenizer}) with its context length.
 */
public record PretrainedClip(String model, ClipPreprocessing preprocess,
    @JsonInclude(JsonInclude.Include.NON_NULL) String tokenizer, int contextLength) {

  public PretrainedClip {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("a pretrained CLIP needs its TorchScript file");
    }
    if (contextLength < 2) {
      throw new IllegalArgumentException("the context length must be at least 2, got " + contextLength);
    }
  }
}
