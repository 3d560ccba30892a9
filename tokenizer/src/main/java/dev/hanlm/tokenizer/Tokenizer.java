package dev.hanlm.tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;

/**
 * A tokenizer as a pipeline, in the manner of HF tokenizers: added tokens are matched on the raw text,
 * then each plain segment goes normalizer -> pre-tokenizer -> BPE model; ids go back through the
 * decoder. Immutable and safe to share between threads.
 */
public final class Tokenizer {
    private final Normalizer normalizer;
    private final PreTokenizer basePreTokenizer;
    private final PreTokenizer preTokenizer;
    private final BpeModel model;
    private final Decoder decoder;
    private final List<AddedToken> addedTokens;
    private final AddedTokenMatcher matcher;
    private final Map<Integer, AddedToken> addedById = new HashMap<>();
    private final MorphemeSettings morphemes;
    private final PostProcessor postProcessor;

    /** The morpheme-aware setting, which {@code tokenizer.json} cannot express and is saved beside it. */
    public record MorphemeSettings(MorphemeAnalyzer analyzer, Path userDictionary) {}

    /** What HF's TemplateProcessing adds around a single sequence (e.g. Llama's BOS). */
    public record PostProcessor(int[] prefix, int[] suffix, com.fasterxml.jackson.databind.JsonNode json) {}

    public Tokenizer(Normalizer normalizer, PreTokenizer preTokenizer, BpeModel model, Decoder decoder,
                     List<AddedToken> addedTokens, MorphemeSettings morphemes, PostProcessor postProcessor) {
        this.normalizer = normalizer;
        this.basePreTokenizer = preTokenizer;
        this.preTokenizer = morphemes == null ? preTokenizer : new MorphemeSplitter(preTokenizer, morphemes.analyzer());
        this.model = model;
        this.decoder = decoder;
        this.addedTokens = List.copyOf(addedTokens);
        this.matcher = new AddedTokenMatcher(addedTokens);
        this.morphemes = morphemes;
        this.postProcessor = postProcessor;
        for (AddedToken t : addedTokens) {
            if (t.id() < 0 || t.id() >= model.size() || !model.token(t.id()).equals(t.content())) {
                throw new TokenizerException("added token '" + t.content() + "' (id " + t.id() + ") does not match the vocabulary");
            }
            addedById.put(t.id(), t);
        }
    }

    /** A byte-level BPE tokenizer as hanlm trains them: NFC (or the given form), GPT-2 split, optional morphemes. */
    public static Tokenizer byteLevel(BpeModel model, Normalizer normalizer, List<AddedToken> special, MorphemeSettings morphemes) {
        return new Tokenizer(normalizer, new GptSplitter(), model, new Decoder.ByteLevelDecoder(), special, morphemes, null);
    }

    public static Tokenizer load(Path dirOrFile) {
        return TokenizerFiles.load(dirOrFile);
    }

    public void save(Path dir) {
        TokenizerFiles.save(this, dir);
    }

    public Normalizer normalizer() {
        return normalizer;
    }

    /** The pre-tokenizer that {@code tokenizer.json} describes (without the morpheme split). */
    public PreTokenizer basePreTokenizer() {
        return basePreTokenizer;
    }

    public BpeModel model() {
        return model;
    }

    public Decoder decoder() {
        return decoder;
    }

    public List<AddedToken> addedTokens() {
        return addedTokens;
    }

    public MorphemeSettings morphemes() {
        return morphemes;
    }

    public boolean morphemeAware() {
        return morphemes != null;
    }

    public PostProcessor postProcessor() {
        return postProcessor;
    }

    public int vocabSize() {
        return model.size();
    }

    public String token(int id) {
        return model.token(id);
    }

    public Integer id(String token) {
        return model.id(token);
    }

    public boolean isSpecial(int id) {
        AddedToken t = addedById.get(id);
        return t != null && t.special();
    }

    public String normalize(String text) {
        return normalizer.normalize(text);
    }

    public int[] encode(String text) {
        return encode(text, false);
    }

    /** @param addSpecialTokens wrap the ids as the file's post-processor says (e.g. a BOS token) */
    public int[] encode(String text, boolean addSpecialTokens) {
        IntList ids = new IntList(Math.max(16, text.length() / 2));
        if (addSpecialTokens && postProcessor != null) ids.addAll(postProcessor.prefix());
        boolean first = true;
        for (AddedTokenMatcher.Segment segment : matcher.split(text)) {
            if (segment.token() != null) {
                ids.add(segment.token().id());
            } else {
                String prepared = preTokenizer.prepare(normalizer.normalize(segment.text()), first);
                preTokenizer.split(prepared, (s, e) -> model.encode(prepared, s, e, ids));
            }
            first = false;
        }
        if (addSpecialTokens && postProcessor != null) ids.addAll(postProcessor.suffix());
        return ids.toArray();
    }

    /** Encodes many texts on all cores; the result is in input order. */
    public List<int[]> encodeBatch(List<String> texts) {
        return texts.parallelStream().map(this::encode).toList();
    }

    /** Encodes and reports each token's span in the normalized text (slower: for analysis, not for bulk). */
    public Encoding encodeWithOffsets(String text) {
        IntList ids = new IntList(), starts = new IntList(), ends = new IntList();
        StringBuilder normalizedAll = new StringBuilder();
        boolean first = true;
        for (AddedTokenMatcher.Segment segment : matcher.split(text)) {
            int base = normalizedAll.length();
            if (segment.token() != null) {
                ids.add(segment.token().id());
                starts.add(base);
                normalizedAll.append(segment.token().content());
                ends.add(normalizedAll.length());
            } else {
                String normalized = normalizer.normalize(segment.text());
                normalizedAll.append(normalized);
                String prepared = preTokenizer.prepare(normalized, first);
                int shift = base - preTokenizer.prefixLength(normalized, prepared);
                preTokenizer.split(prepared, (s, e) -> spans(prepared, s, e, shift, base, ids, starts, ends));
            }
            first = false;
        }
        return new Encoding(ids.toArray(), starts.toArray(), ends.toArray(), normalizedAll.toString());
    }

    private void spans(String prepared, int s, int e, int shift, int floor, IntList ids, IntList starts, IntList ends) {
        String piece = prepared.substring(s, e);
        IntList lengths = new IntList();
        int from = ids.size();
        model.encode(piece, ids, lengths);
        int[] charAtByte = model.byteLevel() ? charIndexByByte(piece) : null;
        int pos = 0;
        for (int k = 0; k < ids.size() - from; k++) {
            int len = lengths.get(k);
            int start = charAtByte == null ? pos : charAtByte[pos];
            int end = charAtByte == null ? pos + len : ceilChar(charAtByte, pos + len, piece.length());
            starts.add(Math.max(floor, s + start + shift));
            ends.add(Math.max(floor, s + end + shift));
            pos += len;
        }
    }

    /** For each UTF-8 byte offset of the piece, the index of the char that byte belongs to. */
    private static int[] charIndexByByte(String piece) {
        int[] out = new int[BpeModel.utf8Length(piece) + 1];
        int b = 0;
        for (int i = 0; i < piece.length(); ) {
            int cp = piece.codePointAt(i);
            int n = BpeModel.utf8Length(new String(Character.toChars(cp)));
            for (int k = 0; k < n; k++) out[b++] = i;
            i += Character.charCount(cp);
        }
        out[b] = piece.length();
        return out;
    }

    private static int ceilChar(int[] charAtByte, int bytePos, int pieceLength) {
        if (bytePos >= charAtByte.length - 1) return pieceLength;
        int c = charAtByte[bytePos];
        return bytePos > 0 && charAtByte[bytePos - 1] == c ? nextChar(charAtByte, bytePos) : c;
    }

    private static int nextChar(int[] charAtByte, int bytePos) {
        int c = charAtByte[bytePos];
        while (bytePos < charAtByte.length - 1 && charAtByte[bytePos] == c) bytePos++;
        return charAtByte[bytePos];
    }

    public String decode(int[] ids) {
        return decode(ids, false);
    }

    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            if (id < 0 || id >= model.size()) throw new TokenizerException("token id " + id + " is outside the vocabulary (0.." + (model.size() - 1) + ")");
            if (skipSpecialTokens && isSpecial(id)) continue;
            tokens.add(model.token(id));
        }
        return decoder.decode(tokens);
    }

    /**
     * The text one token stands for, for display. Bytes that are only part of a character are shown
     * as {@code <0xXX>} instead of a replacement character.
     */
    public String tokenText(int id) {
        if (addedById.containsKey(id) || !model.byteLevel()) return decode(new int[] {id});
        byte[] bytes = ByteLevel.decode(model.token(id));
        if (bytes == null) return model.token(id);
        if (Decoder.isWellFormedUtf8(bytes)) return Decoder.utf8Lossy(bytes);
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) hex.append(String.format("<0x%02X>", b & 0xFF));
        return hex.toString();
    }

    /** True when the token is raw bytes that do not make up whole characters, or the unknown token. */
    public boolean isFallback(int id) {
        // a char-level model's <unk> is usually also an added special token: the model decides first
        if (!model.byteLevel()) return model.isFallback(id);
        if (addedById.containsKey(id)) return false;
        byte[] bytes = ByteLevel.decode(model.token(id));
        return bytes != null && !Decoder.isWellFormedUtf8(bytes);
    }
}
