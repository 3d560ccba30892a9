package dev.hanlm.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The BPE model: a vocabulary and ranked merges, applied inside one piece at a time. Two alphabets:
 * byte-level (GPT-2: the piece's UTF-8 bytes, each mapped to a printable character) and char-level
 * (SentencePiece-style, as in KoGPT2: characters, with an unknown token or byte fallback for
 * characters outside the vocabulary).
 */
public final class BpeModel {
    /** Pieces longer than this go through the heap-based merge loop instead of the quadratic scan. */
    private static final int SCAN_LIMIT = 48;
    private static final int CACHE_CAPACITY = 1 << 17;
    private static final int CACHED_PIECE_MAX = 64;

    private final String[] vocab;
    private final Map<String, Integer> ids;
    private final List<String[]> merges;
    private final MergeTable mergeTable;
    private final boolean byteLevel;
    private final String unkToken;
    private final int unkId;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    /** Byte-level: byte -> id of its mapped character. Byte fallback: byte -> id of {@code <0xXX>}. */
    private final int[] byteIds;
    private final Map<Integer, Integer> charIds;
    private final PieceCache cache = new PieceCache(CACHE_CAPACITY);

    public record Options(boolean byteLevel, String unkToken, boolean fuseUnk, boolean byteFallback, boolean ignoreMerges) {
        public static Options byteLevelDefaults() {
            return new Options(true, null, false, false, false);
        }
    }

    /**
     * @param vocab  token strings by id (ids are dense from 0)
     * @param merges pairs of token strings in rank order
     */
    public BpeModel(String[] vocab, List<String[]> merges, Options options) {
        this.vocab = vocab.clone();
        this.ids = new HashMap<>(vocab.length * 2);
        for (int id = 0; id < vocab.length; id++) {
            if (vocab[id] == null) throw new TokenizerException("the vocabulary has no token with id " + id + " (ids must be dense)");
            if (ids.putIfAbsent(vocab[id], id) != null) throw new TokenizerException("the vocabulary lists token '" + vocab[id] + "' twice");
        }
        this.merges = List.copyOf(merges);
        this.byteLevel = options.byteLevel();
        this.unkToken = options.unkToken();
        this.fuseUnk = options.fuseUnk();
        this.byteFallback = options.byteFallback();
        this.ignoreMerges = options.ignoreMerges();
        this.unkId = unkToken == null ? -1 : idOrFail(unkToken, "unk_token");
        this.byteIds = byteLevel ? byteLevelIds() : byteFallback ? byteFallbackIds() : null;
        this.charIds = byteLevel ? Map.of() : charIds(vocab);
        this.mergeTable = new MergeTable(merges.size());
        for (int rank = 0; rank < merges.size(); rank++) {
            String[] m = merges.get(rank);
            int left = idOrFail(m[0], "merge " + rank), right = idOrFail(m[1], "merge " + rank);
            int merged = idOrFail(m[0] + m[1], "merge " + rank + " (its result)");
            mergeTable.put(left, right, rank, merged);
        }
    }

    private int idOrFail(String token, String where) {
        Integer id = ids.get(token);
        if (id == null) throw new TokenizerException(where + " names token '" + token + "', which is not in the vocabulary");
        return id;
    }

    private int[] byteLevelIds() {
        int[] out = new int[256];
        for (int b = 0; b < 256; b++) {
            Integer id = ids.get(String.valueOf(ByteLevel.charOf(b)));
            if (id == null) throw new TokenizerException("a byte-level vocabulary must hold all 256 byte tokens; byte 0x"
                    + String.format("%02X", b) + " ('" + ByteLevel.charOf(b) + "') is missing");
            out[b] = id;
        }
        return out;
    }

    private int[] byteFallbackIds() {
        int[] out = new int[256];
        for (int b = 0; b < 256; b++) out[b] = idOrFail(String.format("<0x%02X>", b), "byte_fallback");
        return out;
    }

    private static Map<Integer, Integer> charIds(String[] vocab) {
        Map<Integer, Integer> out = new HashMap<>();
        for (int id = 0; id < vocab.length; id++) {
            String t = vocab[id];
            if (t.codePointCount(0, t.length()) == 1) out.putIfAbsent(t.codePointAt(0), id);
        }
        return out;
    }

    public int size() {
        return vocab.length;
    }

    public String token(int id) {
        return vocab[id];
    }

    public Integer id(String token) {
        return ids.get(token);
    }

    public List<String[]> merges() {
        return merges;
    }

    public boolean byteLevel() {
        return byteLevel;
    }

    public String unkToken() {
        return unkToken;
    }

    public boolean fuseUnk() {
        return fuseUnk;
    }

    public boolean byteFallback() {
        return byteFallback;
    }

    public boolean ignoreMerges() {
        return ignoreMerges;
    }

    /** True for the unknown token and for byte-fallback tokens of a char-level model. */
    public boolean isFallback(int id) {
        if (id == unkId) return true;
        if (byteLevel || !byteFallback) return false;
        String t = vocab[id];
        return t.length() == 6 && t.startsWith("<0x") && t.endsWith(">");
    }

    /** Appends the ids of one piece. */
    public void encode(String piece, IntList out) {
        encode(piece, 0, piece.length(), out);
    }

    /** Appends the ids of the piece {@code text[start, end)}; a piece seen before costs a lookup and no copy. */
    public void encode(String text, int start, int end, IntList out) {
        if (end - start > CACHED_PIECE_MAX) {
            out.addAll(encodeUncached(text.substring(start, end), null));
            return;
        }
        int hash = PieceCache.hash(text, start, end);
        int[] ids = cache.get(text, start, end, hash);
        if (ids == null) {
            String piece = text.substring(start, end);
            ids = encodeUncached(piece, null);
            cache.put(piece, hash, ids);
        }
        out.addAll(ids);
    }

    /**
     * Appends the ids of one piece and, for each, how much of the piece it covers: bytes for a
     * byte-level model, chars for a char-level one (a byte-fallback token covers its char on its last byte).
     */
    public void encode(String piece, IntList out, IntList lengths) {
        out.addAll(encodeUncached(piece, lengths));
    }

    private int[] encodeUncached(String piece, IntList lengthsOut) {
        if (ignoreMerges) {
            Integer whole = ids.get(byteLevel ? ByteLevel.encode(piece) : piece);
            if (whole != null) {
                if (lengthsOut != null) lengthsOut.add(byteLevel ? utf8Length(piece) : piece.length());
                return new int[] {whole};
            }
        }
        int[] s, l;
        if (byteLevel) {
            s = byteSymbols(piece);
            l = new int[s.length];
            java.util.Arrays.fill(l, 1);
        } else {
            IntList symbols = new IntList(piece.length() * 3), lengths = new IntList(piece.length() * 3);
            initChars(piece, symbols, lengths);
            s = symbols.toArray();
            l = lengths.toArray();
        }
        int n = s.length <= SCAN_LIMIT ? mergeByScan(s, l) : mergeByHeap(s, l);
        if (lengthsOut != null) for (int i = 0; i < n; i++) lengthsOut.add(l[i]);
        return java.util.Arrays.copyOf(s, n);
    }

    private int[] byteSymbols(String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        int[] out = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) out[i] = byteIds[bytes[i] & 0xFF];
        return out;
    }

    private void initChars(String piece, IntList symbols, IntList lengths) {
        boolean lastWasUnk = false;
        for (int i = 0; i < piece.length(); ) {
            int cp = piece.codePointAt(i);
            int chars = Character.charCount(cp);
            i += chars;
            Integer id = charIds.get(cp);
            if (id != null) {
                symbols.add(id);
                lengths.add(chars);
                lastWasUnk = false;
            } else if (byteFallback) {
                byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                for (int k = 0; k < bytes.length; k++) {
                    symbols.add(byteIds[bytes[k] & 0xFF]);
                    lengths.add(k == bytes.length - 1 ? chars : 0);
                }
                lastWasUnk = false;
            } else if (unkId >= 0) {
                if (fuseUnk && lastWasUnk) {
                    int last = lengths.size() - 1;
                    lengths.set(last, lengths.get(last) + chars);
                } else {
                    symbols.add(unkId);
                    lengths.add(chars);
                }
                lastWasUnk = true;
            } else {
                throw new TokenizerException("character U+" + Integer.toHexString(cp).toUpperCase()
                        + " is not in the vocabulary and the model has neither an unk_token nor byte_fallback");
            }
        }
    }

    /**
     * Repeatedly merges the best-ranked (then leftmost) pair; quadratic, fastest for short pieces.
     * {@code merges[i]} holds the merge of symbols i and i + 1 (rank in the high half, so the smallest
     * value is the best), so each merge scans ints and looks up only the two pairs it changed.
     */
    private int mergeByScan(int[] s, int[] l) {
        int n = s.length;
        long[] merges = new long[n];
        for (int i = 0; i + 1 < n; i++) merges[i] = mergeTable.get(s[i], s[i + 1]);
        while (n > 1) {
            int best = -1;
            long bestMerge = Long.MAX_VALUE;
            for (int i = 0; i + 1 < n; i++) {
                long m = merges[i];
                if (m >= 0 && m < bestMerge) {
                    bestMerge = m;
                    best = i;
                }
            }
            if (best < 0) break;
            s[best] = (int) bestMerge;
            l[best] += l[best + 1];
            System.arraycopy(s, best + 2, s, best + 1, n - best - 2);
            System.arraycopy(l, best + 2, l, best + 1, n - best - 2);
            System.arraycopy(merges, best + 2, merges, best + 1, n - best - 2);
            n--;
            merges[best] = best + 1 < n ? mergeTable.get(s[best], s[best + 1]) : -1;
            if (best > 0) merges[best - 1] = mergeTable.get(s[best - 1], s[best]);
        }
        return n;
    }

    /** The same merges in the same order, with a linked list and a heap: n log n for long pieces. */
    private int mergeByHeap(int[] s, int[] l) {
        int n = s.length;
        int[] prev = new int[n], next = new int[n];
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        LongHeap heap = new LongHeap(n);
        for (int i = 0; i + 1 < n; i++) push(heap, s, i, i + 1);
        boolean[] dead = new boolean[n];
        while (!heap.isEmpty()) {
            long top = heap.poll();
            int rank = (int) (top >>> 32), pos = (int) top;
            int right = next[pos];
            if (dead[pos] || right < 0) continue;
            long m = mergeTable.get(s[pos], s[right]);
            if (m < 0 || (int) (m >>> 32) != rank) continue;
            s[pos] = (int) m;
            l[pos] += l[right];
            dead[right] = true;
            next[pos] = next[right];
            if (next[right] >= 0) prev[next[right]] = pos;
            if (prev[pos] >= 0) push(heap, s, prev[pos], pos);
            if (next[pos] >= 0) push(heap, s, pos, next[pos]);
        }
        int count = 0;
        for (int i = 0; i >= 0; i = next[i]) {
            s[count] = s[i];
            l[count++] = l[i];
        }
        return count;
    }

    private void push(LongHeap heap, int[] s, int left, int right) {
        long m = mergeTable.get(s[left], s[right]);
        if (m >= 0) heap.add((m >>> 32) << 32 | left);
    }

    /**
     * A binary min-heap of (rank << 32 | position) without boxing: a piece of millions of symbols (a long
     * line without spaces) puts millions of entries in it, which a PriorityQueue of Longs spends minutes on.
     */
    private static final class LongHeap {
        private long[] values;
        private int size;

        LongHeap(int capacity) {
            values = new long[Math.max(16, capacity)];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void add(long value) {
            if (size == values.length) values = java.util.Arrays.copyOf(values, size + (size >> 1));
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (values[parent] <= value) break;
                values[i] = values[parent];
                i = parent;
            }
            values[i] = value;
        }

        long poll() {
            long top = values[0], last = values[--size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) break;
                if (child + 1 < size && values[child + 1] < values[child]) child++;
                if (values[child] >= last) break;
                values[i] = values[child];
                i = child;
            }
            if (size > 0) values[i] = last;
            return top;
        }
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n += 1;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }
}
