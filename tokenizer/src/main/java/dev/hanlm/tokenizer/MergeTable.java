package dev.hanlm.tokenizer;

/**
 * The ranked merges of a BPE model: (left id, right id) -> (rank, merged id), as an open-addressing
 * hash table over primitive longs, because this lookup is the inner loop of encoding. Each slot keeps
 * its key and value side by side, so a lookup usually touches one cache line.
 */
final class MergeTable {
    private static final long EMPTY = -1L;
    /** key at 2 * slot, value at 2 * slot + 1 */
    private final long[] slots;
    private final int mask;
    private int size;

    MergeTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        slots = new long[capacity * 2];
        mask = capacity - 1;
        java.util.Arrays.fill(slots, EMPTY);
    }

    static long pair(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    /** Adds a merge; returns false if the pair already had one (the first, best-ranked one is kept). */
    boolean put(int left, int right, int rank, int merged) {
        long key = pair(left, right);
        int slot = slot(key);
        while (slots[2 * slot] != EMPTY) {
            if (slots[2 * slot] == key) return false;
            slot = (slot + 1) & mask;
        }
        slots[2 * slot] = key;
        slots[2 * slot + 1] = ((long) rank << 32) | (merged & 0xFFFFFFFFL);
        size++;
        return true;
    }

    /** (rank << 32 | merged id) of the pair, or -1 if the pair never merges. */
    long get(int left, int right) {
        long key = pair(left, right);
        int slot = slot(key);
        while (true) {
            long k = slots[2 * slot];
            if (k == key) return slots[2 * slot + 1];
            if (k == EMPTY) return -1L;
            slot = (slot + 1) & mask;
        }
    }

    int size() {
        return size;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
    }
}
