package dev.hanlm.tokenizer;

import java.util.Arrays;

/**
 * The trainer's pair statistics: for each adjacent pair of symbols, its count over the corpus and
 * the words it occurs in (a list that may hold stale or repeated entries; the merge step re-checks).
 * Open addressing over primitive arrays: there are millions of pairs.
 */
final class PairCounts {
    private long[] keys;
    private int[] slotOf;
    private int mask;
    private int size;
    long[] counts = new long[1 << 16];
    int[][] words = new int[1 << 16][];
    int[] wordCounts = new int[1 << 16];

    PairCounts() {
        keys = new long[1 << 17];
        slotOf = new int[1 << 17];
        Arrays.fill(keys, -1L);
        mask = keys.length - 1;
    }

    static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    static int left(long key) {
        return (int) (key >>> 32);
    }

    static int right(long key) {
        return (int) key;
    }

    long key(int slot) {
        return pairKeys[slot];
    }

    private long[] pairKeys = new long[1 << 16];

    /** The slot of a pair, made if new. */
    int slot(long key) {
        int h = hash(key);
        while (keys[h] != -1L) {
            if (keys[h] == key) return slotOf[h];
            h = (h + 1) & mask;
        }
        if (size * 2 >= keys.length) {
            grow();
            return slot(key);
        }
        keys[h] = key;
        int slot = size++;
        slotOf[h] = slot;
        if (slot == counts.length) {
            int n = counts.length * 2;
            counts = Arrays.copyOf(counts, n);
            words = Arrays.copyOf(words, n);
            wordCounts = Arrays.copyOf(wordCounts, n);
            pairKeys = Arrays.copyOf(pairKeys, n);
        }
        pairKeys[slot] = key;
        return slot;
    }

    int add(long key, long delta) {
        int slot = slot(key);
        counts[slot] += delta;
        return slot;
    }

    void addWord(int slot, int word) {
        int[] list = words[slot];
        int n = wordCounts[slot];
        if (list == null) words[slot] = list = new int[4];
        else if (n > 0 && list[n - 1] == word) return;
        else if (n == list.length) words[slot] = list = Arrays.copyOf(list, n * 2);
        list[n] = word;
        wordCounts[slot] = n + 1;
    }

    void forgetWords(int slot) {
        words[slot] = null;
        wordCounts[slot] = 0;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldSlots = slotOf;
        keys = new long[oldKeys.length * 2];
        slotOf = new int[oldKeys.length * 2];
        Arrays.fill(keys, -1L);
        mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] == -1L) continue;
            int h = hash(oldKeys[i]);
            while (keys[h] != -1L) h = (h + 1) & mask;
            keys[h] = oldKeys[i];
            slotOf[h] = oldSlots[i];
        }
    }

    private int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 31)) & mask;
    }
}
