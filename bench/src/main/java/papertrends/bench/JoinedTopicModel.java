package papertrends.bench;

import cc.mallet.topics.ParallelTopicModel;
import cc.mallet.topics.WorkerRunnable;
import cc.mallet.util.Randoms;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * MALLET 2.0.8's ParallelTopicModel with one fix in the multi-threaded sampling loop: it waits
 * for each worker's Future instead of polling a flag that a worker resets only once it has
 * started. On a busy machine a worker can start after the poll, the flag still says "finished"
 * from the previous iteration, counts are merged mid-sampling, and estimate() dies in
 * sumTypeTopicCounts or optimizeBeta (MALLET's source notes the symptom; later versions wait on
 * Callables). The sampling itself (WorkerRunnable) and the hyperparameter optimisation are
 * MALLET's own; only the loop that drives them is written here (no state or model saving).
 */
final class JoinedTopicModel extends ParallelTopicModel {
  private static final long serialVersionUID = 1L;
  private int threads = 1;
  private long deadline = Long.MAX_VALUE;
  private int iterationsDone;

  JoinedTopicModel(int k, double alphaSum, double beta) {
    super(k, alphaSum, beta);
  }

  @Override
  public void setNumThreads(int threads) {
    super.setNumThreads(threads);
    this.threads = threads;
  }

  /** Stops sampling after the iteration that ends past this System.nanoTime() value. */
  void setDeadline(long nanoTime) {
    deadline = nanoTime;
  }

  /** Iterations sampled by the last estimate() (fewer than asked when the deadline hit). */
  int iterationsDone() {
    return iterationsDone;
  }

  @Override
  public void estimate() {
    WorkerRunnable[] workers = new WorkerRunnable[threads];
    int offset = 0;
    for (int t = 0; t < threads; t++) {
      int docs = t == threads - 1 ? data.size() - offset : data.size() / threads;
      int[] totals = tokensPerTopic.clone();
      int[][] counts = new int[numTypes][];
      for (int type = 0; type < numTypes; type++) {
        counts[type] = typeTopicCounts[type].clone();
      }
      Randoms random = randomSeed == -1 ? new Randoms() : new Randoms(randomSeed);
      workers[t] = new WorkerRunnable(numTopics, alpha, alphaSum, beta, random, data, counts,
          totals, offset, docs);
      workers[t].initializeAlphaStatistics(docLengthCounts.length);
      offset += docs;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int iteration = 1; iteration <= numIterations; iteration++) {
        boolean optimizing = iteration > burninPeriod && optimizeInterval != 0;
        List<Callable<Object>> tasks = new ArrayList<>();
        for (WorkerRunnable w : workers) {
          if (optimizing && iteration % saveSampleInterval == 0) {
            w.collectAlphaStatistics();
          }
          tasks.add(Executors.callable(w));
        }
        for (Future<Object> f : pool.invokeAll(tasks)) {
          f.get();
        }
        sumTypeTopicCounts(workers);
        for (WorkerRunnable w : workers) {
          System.arraycopy(tokensPerTopic, 0, w.getTokensPerTopic(), 0, numTopics);
          int[][] local = w.getTypeTopicCounts();
          for (int type = 0; type < numTypes; type++) {
            int[] source = typeTopicCounts[type];
            int[] target = local[type];
            for (int i = 0; i < source.length; i++) {
              if (source[i] == 0 && target[i] == 0) {
                break;
              }
              target[i] = source[i];
            }
          }
        }
        if (optimizing && iteration % optimizeInterval == 0) {
          optimizeAlpha(workers);
          optimizeBeta(workers);
        }
        iterationsDone = iteration;
        if (iteration % 100 == 0) {
          System.err.printf("bench: mallet: iteration %d of %d%n", iteration, numIterations);
        }
        if (System.nanoTime() > deadline) {
          System.err.printf("bench: mallet: time cap reached after %d of %d iterations%n",
              iteration, numIterations);
          break;
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("MALLET sampling failed", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
