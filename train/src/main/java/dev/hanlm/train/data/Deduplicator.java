package dev.hanlm.train.data;

import java.io.Serializable;

/**
 * Exact-duplicate detection: the set of the 128-bit hashes seen so far, as an open-addressing table of
 * two longs a slot (16 bytes a document, about 32 with the table's headroom).
 */
public final class Deduplicator implements Serializable {
    private static final long serialVersionUID = 1L;
    private long[] slots = new long[2 * 1024];
    private int size;

    /** Adds the hash; false when it was seen before (the document is a duplicate). */
    public boolean firstSeen(DocumentHash hash) {
        // (0, 0) marks an empty slot; the one hash that would be it shares a slot with (0, 1) instead
        long high = hash.high(), low = hash.high() == 0 && hash.low() == 0 ? 1 : hash.low();
        if (2 * (size + 1) > slots.length / 2) grow();
        if (!insert(slots, high, low)) return false;
        size++;
        return true;
    }

    public int size() {
        return size;
    }

    private static boolean insert(long[] table, long high, long low) {
        int mask = table.length / 2 - 1;
        for (int i = (int) (low ^ high >>> 32) & mask; ; i = (i + 1) & mask) {
            long h = table[2 * i], l = table[2 * i + 1];
            if (h == 0 && l == 0) {
                table[2 * i] = high;
                table[2 * i + 1] = low;
                return true;
            }
            if (h == high && l == low) return false;
        }
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (int i = 0; i < slots.length; i += 2) {
            if (slots[i] != 0 || slots[i + 1] != 0) insert(bigger, slots[i], slots[i + 1]);
        }
        slots = bigger;
    }
}
