package papertrends.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Independent pieces of driver-side work (e.g. Delta commands on different tables) on a few
 * threads at once. Spark runs jobs submitted from several threads of one session concurrently,
 * so the fixed per-command work of small tables overlaps.
 */
public final class Parallel {
  private Parallel() {}

  /**
   * Applies f to every item on at most {@code threads} threads and hands the results to
   * {@code done} in the items' order, each as soon as it and those before it are finished. The
   * first failure (in item order) is rethrown as it was thrown, after the items already running
   * have finished; those not yet started then are not started.
   */
  public static <T, R> List<R> forEachOrdered(List<T> items, int threads, String name,
      Function<T, R> f, Consumer<R> done) {
    List<R> out = new ArrayList<>(items.size());
    if (threads <= 1 || items.size() <= 1) {
      for (T item : items) {
        R r = f.apply(item);
        done.accept(r);
        out.add(r);
      }
      return out;
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()), r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    List<Future<R>> futures = new ArrayList<>(items.size());
    try {
      for (T item : items) {
        futures.add(pool.submit(() -> f.apply(item)));
      }
      for (Future<R> future : futures) {
        R r = get(future);
        done.accept(r);
        out.add(r);
      }
      return out;
    } finally {
      // after a failure: the items not started yet are not started, those running finish (a
      // Delta command interrupted half-way only fails noisily, it never half-commits)
      futures.forEach(x -> x.cancel(false));
      pool.shutdown();
      try {
        pool.awaitTermination(1, java.util.concurrent.TimeUnit.HOURS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Runs independent pieces of work all at once, one thread each (e.g. writes to different Delta
   * tables); failures as in {@link #forEachOrdered}.
   */
  public static void runAll(List<Runnable> work, String name) {
    forEachOrdered(work, work.size(), name, w -> {
      w.run();
      return null;
    }, x -> { });
  }

  /**
   * Starts a piece of driver-side work on a new daemon thread of its own (created now, from the
   * calling thread, so it inherits the caller's Spark job properties as they are outside any
   * query) and returns its result to come.
   */
  public static <R> CompletableFuture<R> start(String name,
      Supplier<R> work) {
    CompletableFuture<R> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        f.complete(work.get());
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return f;
  }

  /** The result of a future of {@link #start}, its failure rethrown as it was thrown. */
  public static <R> R join(CompletableFuture<R> f) {
    return get(f);
  }

  private static <R> R get(Future<R> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }
}
