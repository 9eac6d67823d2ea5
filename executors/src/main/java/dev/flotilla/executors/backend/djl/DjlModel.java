package dev.flotilla.executors.backend.djl;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.flotilla.executors.backend.ClassifierLayout;
import dev.flotilla.executors.backend.ModelSpec;
import dev.flotilla.executors.backend.TrainableModel;
import dev.flotilla.executors.export.PortableModel;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

final class DjlModel implements TrainableModel {

  private final ModelSpec spec;
  private final Model model;
  private final Trainer trainer;
  private final Loss loss = Loss.softmaxCrossEntropyLoss();
  private final ComputeBudget budget;
  private volatile int threads;

  DjlModel(ModelSpec spec, Model model, ComputeBudget budget) {
    this.spec = spec;
    this.model = model;
    this.budget = budget;
    DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
        .optOptimizer(Optimizer.adam()
            .optLearningRateTracker(Tracker.fixed((float) spec.learningRate()))
            .build())
        .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
    this.trainer = model.newTrainer(config);
    trainer.initialize(inputShape(1));
  }

  private Shape inputShape(int n) {
    return ModelSpec.CNN.equals(spec.kind())
        ? new Shape(n, spec.channels(), spec.height(), spec.width())
        : new Shape(n, spec.inputSize());
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public long parameterCount() {
    long n = 0;
    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
      n += p.getValue().getArray().size();
    }
    return n;
  }

  @Override
  public int threads() {
    return threads;
  }

  @Override
  public double trainStep(float[] x, int[] y, int n) {
    threads = TorchThreads.apply(budget);
    try (NDManager batch = trainer.getManager().newSubManager()) {
      NDArray features = TorchArrays.of(batch, exact(x, n * spec.inputSize()), inputShape(n));
      NDArray labels = batch.create(Arrays.copyOf(y, n), new Shape(n));
      double value;
      // Not trainer.newGradientCollector(): DJL allows one collector per JVM, and local-mode
      // Spark runs several units in one JVM. PyTorch's grad mode is per thread, so each task
      // thread can record and backpropagate its own graph.
      boolean wasGrad = JniUtils.isGradMode();
      JniUtils.setGradMode(true);
      try {
        NDList out = trainer.forward(new NDList(features));
        NDArray l = loss.evaluate(new NDList(labels), out);
        NDArray seed = batch.ones(l.getShape(), l.getDataType());
        JniUtils.backward((PtNDArray) l, (PtNDArray) seed, false, false);
        value = l.getFloat();
      } finally {
        if (!wasGrad) {
          JniUtils.setGradMode(false);
        }
      }
      trainer.step();
      return value;
    }
  }

  @Override
  public float[] probabilities(float[] x, int n) {
    threads = TorchThreads.apply(budget);
    try (NDManager batch = model.getNDManager().newSubManager()) {
      NDArray features = TorchArrays.of(batch, exact(x, n * spec.inputSize()), inputShape(n));
      NDList out = model.getBlock().forward(new ParameterStore(batch, false), new NDList(features), false);
      return out.singletonOrThrow().softmax(1).toFloatArray();
    }
  }

  private static float[] exact(float[] x, int len) {
    return x.length == len ? x : Arrays.copyOf(x, len);
  }

  /** Parameters in block order (weight, bias per layer): DJL's layouts already are PyTorch's. */
  @Override
  public PortableModel portable() {
    List<float[]> arrays = new ArrayList<>();
    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
      arrays.add(p.getValue().getArray().toFloatArray());
    }
    return ClassifierLayout.of(spec, arrays);
  }

  @Override
  public void save(OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    model.getBlock().saveParameters(data);
    data.flush();
  }

  @Override
  public void close() {
    trainer.close();
    model.close();
  }
}
