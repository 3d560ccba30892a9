package dev.hanlm.tokenizer;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The ids of pieces already encoded, looked up by a span of the text so that a hit copies nothing.
 * An open-addressing table that threads share without locks: each entry is immutable and published
 * by a compare-and-set. Once it holds {@code capacity} pieces nothing more is added (as in HF tokenizers).
 */
final class PieceCache {
    private record Entry(int hash, String piece, int[] ids) {}

    private final AtomicReferenceArray<Entry> slots;
    private final int mask;
    private final int shift;
    private final int capacity;
    private final AtomicInteger size = new AtomicInteger();

    PieceCache(int capacity) {
        this.capacity = capacity;
        int length = Integer.highestOneBit(Math.max(2, capacity)) << 1; // at most half full: short probes
        slots = new AtomicReferenceArray<>(length);
        mask = length - 1;
        shift = 32 - Integer.numberOfTrailingZeros(length);
    }

    /** The same as {@code text.substring(start, end).hashCode()}, without the copy. */
    static int hash(String text, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) h = 31 * h + text.charAt(i);
        return h;
    }

    /** The cached ids of {@code text[start, end)}, or null. */
    int[] get(String text, int start, int end, int hash) {
        int length = end - start;
        for (int slot = spread(hash); ; slot = (slot + 1) & mask) {
            Entry e = slots.get(slot);
            if (e == null) return null;
            if (e.hash == hash && e.piece.length() == length && e.piece.regionMatches(0, text, start, length)) return e.ids;
        }
    }

    void put(String piece, int hash, int[] ids) {
        if (size.get() >= capacity) return;
        Entry entry = new Entry(hash, piece, ids);
        for (int slot = spread(hash); ; slot = (slot + 1) & mask) {
            Entry e = slots.get(slot);
            if (e == null && slots.compareAndSet(slot, null, entry)) {
                size.incrementAndGet();
                return;
            }
            e = slots.get(slot);
            if (e.hash == hash && e.piece.equals(piece)) return; // another thread was first
        }
    }

    /** Fibonacci hashing: the top bits of the product, so that similar strings land far apart. */
    private int spread(int hash) {
        return (hash * 0x9E3779B9) >>> shift;
    }
}
