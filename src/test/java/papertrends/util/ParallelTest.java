package papertrends.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @Test
  void resultsArriveInItemOrderWhateverOrderTheyFinishIn() {
    List<Integer> items = IntStream.range(0, 12).boxed().toList();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<Integer> seen = new ArrayList<>();
    List<Integer> out = Parallel.forEachOrdered(items, 3, "t", i -> {
      threads.add(Thread.currentThread().getName());
      sleep((12 - i) * 5L); // the first items finish last
      return i * i;
    }, seen::add);
    List<Integer> squares = items.stream().map(i -> i * i).toList();
    assertEquals(squares, out);
    assertEquals(squares, seen);
    assertTrue(threads.size() > 1 && threads.size() <= 3, threads.toString());
  }

  @Test
  void itemsRunAtTheSameTime() {
    // two items that each wait for the other: both true only when they run at once
    CountDownLatch both = new CountDownLatch(2);
    List<Boolean> out = Parallel.forEachOrdered(List.of(1, 2), 2, "t", i -> {
      both.countDown();
      try {
        return both.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, r -> { });
    assertEquals(List.of(true, true), out);
  }

  @Test
  void theFirstFailureInItemOrderIsRethrownAsItWas() {
    List<Integer> done = new ArrayList<>();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Parallel.forEachOrdered(List.of(1, 2, 3, 4), 2, "t", i -> {
          if (i >= 2) {
            throw new IllegalArgumentException("item " + i);
          }
          return i;
        }, done::add));
    assertEquals("item 2", e.getMessage());
    assertEquals(List.of(1), done, "results before the failure are handed on");
  }

  @Test
  void oneThreadRunsInTheCallersThread() {
    String caller = Thread.currentThread().getName();
    List<String> out = Parallel.forEachOrdered(List.of(1, 2), 1, "t",
        i -> Thread.currentThread().getName(), r -> { });
    assertEquals(List.of(caller, caller), out);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
