package dev.flotilla.datafiltering.model;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import dev.flotilla.executors.backend.djl.TorchArrays;
import dev.flotilla.executors.backend.djl.TorchThreads;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A user's pretrained CLIP as the filtering network: one TorchScript file whose module has
 * {@code encode_image(float32 [N, 3, S, S]) -> [N, D]} and {@code encode_text(int64 [N, T]) -> [N, D]}
 * (the layout of OpenAI's CLIP and of open_clip models scripted with {@code torch.jit.script}), run
 * by libtorch through DJL. A pair's score is the cosine similarity of the L2-normalised
 * embeddings. One file rather than two, so the towers' embedding sizes are checked together and
 * a model is one artifact. Loading checks both methods on a probe input and fails naming the file
 * when they are missing or disagree. Not thread-safe; close it to free native memory.
 */
public final class TorchScriptClip implements AutoCloseable {

  private final String source;
  private final NDManager manager;
  private final PtSymbolBlock module;
  private final ComputeBudget budget;
  private final int imageSize;
  private final int embedDim;
  private final long bytes;

  private TorchScriptClip(String source, NDManager manager, PtSymbolBlock module, ComputeBudget budget,
      int imageSize, int embedDim, long bytes) {
    this.source = source;
    this.manager = manager;
    this.module = module;
    this.budget = budget;
    this.imageSize = imageSize;
    this.embedDim = embedDim;
    this.bytes = bytes;
  }

  /**
   * Fetches {@code file} from its Hadoop FS to a local temporary file, loads it and checks both
   * towers on an {@code imageSize} image and a {@code contextLength}-token caption.
   */
  public static TorchScriptClip load(String file, Configuration conf, int imageSize, int contextLength,
      ComputeBudget budget) throws IOException {
    Path src = new Path(file);
    FileSystem fs = src.getFileSystem(conf);
    if (!fs.exists(src)) {
      throw new IOException("TorchScript model " + file + " does not exist");
    }
    java.nio.file.Path local = Files.createTempFile("flotilla-clip-", ".pt");
    try {
      fs.copyToLocalFile(false, src, new Path(local.toUri()), true);
      return loadLocal(file, local, imageSize, contextLength, budget);
    } finally {
      Files.deleteIfExists(local);
    }
  }

  private static TorchScriptClip loadLocal(String source, java.nio.file.Path local, int imageSize,
      int contextLength, ComputeBudget budget) throws IOException {
    TorchThreads.engine();
    TorchThreads.apply(budget);
    ai.djl.Device device = dev.flotilla.executors.backend.djl.TorchDevices.of(budget);
    NDManager manager = NDManager.newBaseManager(device, "PyTorch");
    PtSymbolBlock module;
    try {
      // Mapped onto the budget's GPU when it has one; a CPU load keeps the tensors where they were saved.
      module = JniUtils.loadModule((PtNDManager) manager, local, device.isGpu(), new String[0], new String[0], false);
    } catch (EngineException | IllegalArgumentException e) {
      manager.close();
      throw new IOException("TorchScript model " + source + " cannot be loaded (not a TorchScript file, or "
          + "saved by a PyTorch newer than 2.7): " + firstLine(e), e);
    }
    try {
      int image = probe(source, module, "encode_image", manager.zeros(new Shape(1, 3, imageSize, imageSize)));
      long[] tokens = new long[contextLength];
      tokens[0] = ByteTokenizer.START;
      tokens[1] = ByteTokenizer.END;
      int text = probe(source, module, "encode_text", manager.create(tokens, new Shape(1, contextLength)));
      if (image != text) {
        throw new IOException("TorchScript model " + source + ": encode_image gives " + image
            + "-d embeddings but encode_text " + text + "-d; the towers must share one embedding space");
      }
      return new TorchScriptClip(source, manager, module, budget, imageSize, image, Files.size(local));
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** The embedding size {@code method} returns for one probe input. */
  private static int probe(String source, PtSymbolBlock module, String method, NDArray input) throws IOException {
    NDArray out;
    try {
      out = run(module, method, input);
    } catch (EngineException e) {
      throw new IOException("TorchScript model " + source + ": " + method + " failed on a probe input "
          + input.getShape() + " (" + firstLine(e) + "); the file needs encode_image(float [N,3,S,S]) and "
          + "encode_text(int64 [N,T]) methods", e);
    }
    Shape s = out.getShape();
    if (s.dimension() != 2 || s.get(0) != 1) {
      throw new IOException("TorchScript model " + source + ": " + method + " returned shape " + s
          + ", expected [1, D]");
    }
    return (int) s.get(1);
  }

  private static NDArray run(PtSymbolBlock module, String method, NDArray input) {
    // Scoring only: no autograd records of the user's graph (grad mode is per thread in libtorch,
    // on by default, and Spark runs units on threads of its own).
    boolean wasGrad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (IValue in = IValue.from((PtNDArray) input);
         IValue out = IValueUtils.runMethod(module, method, in)) {
      return out.toTensor((PtNDManager) input.getManager());
    } finally {
      JniUtils.setGradMode(wasGrad);
    }
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage()).strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  public int embedDim() {
    return embedDim;
  }

  /** Size of the model file, for the executor cache's bound. */
  public long bytes() {
    return bytes;
  }

  /** Cosine similarity of image i ({@code 3 x S x S} floats at i) with caption i ({@code tokens} n x T). */
  public float[] scorePairs(float[] images, long[] tokens, int n) {
    TorchThreads.apply(budget);
    try (NDManager scope = manager.newSubManager()) {
      NDArray img = embed(scope, images, tokens, n, true);
      NDArray txt = embed(scope, images, tokens, n, false);
      return img.mul(txt).sum(new int[] {1}).toFloatArray();
    }
  }

  /** Similarities of n images with k captions (n x k, row-major), for zero-shot classification. */
  public float[] similarities(float[] images, int n, long[] tokens, int k) {
    TorchThreads.apply(budget);
    try (NDManager scope = manager.newSubManager()) {
      return embed(scope, images, tokens, n, true).matMul(embed(scope, images, tokens, k, false).transpose())
          .toFloatArray();
    }
  }

  private NDArray embed(NDManager scope, float[] images, long[] tokens, int n, boolean image) {
    NDArray in;
    if (image) {
      in = TorchArrays.of(scope, images, new Shape(n, 3, imageSize, imageSize));
    } else {
      int context = tokens.length / n;
      in = TorchArrays.of(scope, tokens, new Shape(n, context));
    }
    NDArray e = run(module, image ? "encode_image" : "encode_text", in);
    e.attach(scope);
    return e.div(e.square().sum(new int[] {1}, true).add(1e-12f).sqrt());
  }

  @Override
  public String toString() {
    return "TorchScript CLIP " + source + " (" + embedDim + "-d, images " + imageSize + "px)";
  }

  @Override
  public void close() {
    module.close();
    manager.close();
  }
}
