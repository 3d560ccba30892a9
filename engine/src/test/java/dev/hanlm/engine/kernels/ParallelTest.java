package dev.hanlm.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The pool runs every item of a range exactly once, in chunks that shrink towards the end, and reports failures. */
class ParallelTest {
    @Test
    void everyItemRunsExactlyOnceInContiguousChunks() {
        for (int items : new int[] {1, 2, 3, 7, 14, 18, 152, 1000, 4097}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(items);
            List<int[]> chunks = Collections.synchronizedList(new ArrayList<>());
            Parallel.forRange(items, (from, to) -> {
                assertTrue(from < to, "empty chunk " + from);
                chunks.add(new int[] {from, to});
                for (int i = from; i < to; i++) runs.incrementAndGet(i);
            });
            for (int i = 0; i < items; i++) assertEquals(1, runs.get(i), "item " + i + " of " + items);
            // chunks tile [0, items) with no gap or overlap
            chunks.sort((a, b) -> Integer.compare(a[0], b[0]));
            int end = 0;
            for (int[] c : chunks) {
                assertEquals(end, c[0], "chunks of " + items);
                end = c[1];
            }
            assertEquals(items, end);
        }
    }

    @Test
    void chunksShrinkSoThatTheLastAreSingleItems() {
        int items = 152;
        List<int[]> chunks = Collections.synchronizedList(new ArrayList<>());
        Parallel.forRange(items, (from, to) -> chunks.add(new int[] {from, to}));
        chunks.sort((a, b) -> Integer.compare(a[0], b[0]));
        if (Parallel.threads() == 1) {
            assertEquals(1, chunks.size(), "one thread runs the range as one chunk");
            return;
        }
        int[] first = chunks.getFirst(), last = chunks.getLast();
        assertTrue(first[1] - first[0] < items / Parallel.threads(), "the first chunk is a share, not a thread's half");
        assertEquals(1, last[1] - last[0], "the last chunk is one item");
        for (int i = 1; i < chunks.size(); i++) {
            int[] a = chunks.get(i - 1), b = chunks.get(i);
            assertTrue(b[1] - b[0] <= a[1] - a[0], "chunk sizes never grow: " + (a[1] - a[0]) + " then " + (b[1] - b[0]));
        }
    }

    @Test
    void aFailingChunkFailsTheCallAfterTheOthersEnd() {
        AtomicIntegerArray runs = new AtomicIntegerArray(100);
        int[] failing = new int[2];
        IllegalStateException thrown = new IllegalStateException("item 57");
        IllegalStateException caught = assertThrows(IllegalStateException.class, () -> Parallel.forRange(100, (from, to) -> {
            for (int i = from; i < to; i++) {
                runs.incrementAndGet(i);
                if (i == 57) {
                    failing[0] = from;
                    failing[1] = to;
                    throw thrown;
                }
            }
        }));
        assertSame(thrown, caught);
        // when the call fails, every other chunk has ended; the failing one stopped at its item
        for (int i = 0; i < 100; i++) {
            boolean skipped = i > 57 && i < failing[1];
            assertEquals(skipped ? 0 : 1, runs.get(i), "item " + i + " (failing chunk " + failing[0] + ".." + failing[1] + ")");
        }
        // the pool still works
        AtomicIntegerArray again = new AtomicIntegerArray(10);
        Parallel.forRange(10, (from, to) -> {
            for (int i = from; i < to; i++) again.incrementAndGet(i);
        });
        for (int i = 0; i < 10; i++) assertEquals(1, again.get(i));
    }

    @Test
    void aCallFromInsideAJobRunsOnItsThread() {
        AtomicIntegerArray runs = new AtomicIntegerArray(64);
        Parallel.forRange(4, (from, to) -> {
            for (int outer = from; outer < to; outer++) {
                int base = outer * 16;
                Thread thread = Thread.currentThread();
                Parallel.forRange(16, (f, t) -> {
                    assertSame(thread, Thread.currentThread());
                    for (int i = f; i < t; i++) runs.incrementAndGet(base + i);
                });
            }
        });
        for (int i = 0; i < 64; i++) assertEquals(1, runs.get(i), "item " + i);
    }
}
