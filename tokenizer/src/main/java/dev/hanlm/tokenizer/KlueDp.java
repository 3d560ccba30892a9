package dev.hanlm.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Reads KLUE-DP (dependency parsing) TSV files for their gold morpheme segmentation. A sentence opens
 * with a {@code ## <id>\t<sentence>} line; then one line per word (eojeol):
 * {@code INDEX WORD_FORM LEMMA POS HEAD DEPREL}, where LEMMA lists the word's morphemes separated by
 * spaces. Other {@code ##} lines are comments. Lemmas are dictionary forms, not surface text
 * (흘렸다. -> 흘리 었 다 .), so they are aligned to the surface from both ends: see {@link #lemmaBoundaries}.
 */
public final class KlueDp {
    private KlueDp() {}

    /** One word: its surface form and its morphemes as the LEMMA column gives them. */
    public record Word(String form, List<String> lemmas) {
        public Word {
            lemmas = List.copyOf(lemmas);
        }
    }

    public record Sentence(String id, String text, List<Word> words) {
        public Sentence {
            words = List.copyOf(words);
        }

        /**
         * The gold morpheme boundaries as char offsets of {@link #text}, inside words only. The words
         * are paired in order with the space-separated words of the text; a word whose form differs
         * from the text there (KLUE has a few, e.g. 7.70% for 7.7%) gets no boundaries.
         */
        public BitSet boundaries() {
            BitSet out = new BitSet(text.length());
            int pos = 0;
            for (Word word : words) {
                while (pos < text.length() && CharClass.of(text.charAt(pos)) == CharClass.SPACE) pos++;
                int end = pos;
                while (end < text.length() && CharClass.of(text.charAt(end)) != CharClass.SPACE) end++;
                if (text.substring(pos, end).equals(word.form())) {
                    for (int b : lemmaBoundaries(word.form(), word.lemmas())) out.set(pos + b);
                }
                pos = end;
            }
            return out;
        }
    }

    /**
     * Where the morphemes of one word start, as offsets strictly inside {@code form}. Walking forward,
     * each lemma that matches the surface text exactly is consumed, with a boundary after it; then
     * likewise backward from the end. The middle, where a lemma was contracted or changed (흘렸 for
     * 흘리+었), gets no boundary.
     */
    public static int[] lemmaBoundaries(String form, List<String> lemmas) {
        BitSet cuts = new BitSet();
        int front = 0, i = 0;
        while (i < lemmas.size() && !lemmas.get(i).isEmpty() && form.startsWith(lemmas.get(i), front)) {
            front += lemmas.get(i).length();
            cuts.set(front);
            i++;
        }
        int back = form.length();
        for (int j = lemmas.size() - 1; j >= i; j--) {
            String lemma = lemmas.get(j);
            if (lemma.isEmpty() || back - lemma.length() < front || !form.startsWith(lemma, back - lemma.length())) break;
            back -= lemma.length();
            cuts.set(back);
        }
        return cuts.stream().filter(b -> b > 0 && b < form.length()).toArray();
    }

    public static List<Sentence> read(Path file) throws IOException {
        List<Sentence> sentences = new ArrayList<>();
        String id = null, text = null;
        List<Word> words = new ArrayList<>();
        int lineNumber = 0;
        try (BufferedReader r = CorpusReader.open(file)) {
            for (String line; (line = r.readLine()) != null; ) {
                lineNumber++;
                if (line.isBlank()) continue;
                if (line.startsWith("##")) {
                    if (text != null && !words.isEmpty()) sentences.add(new Sentence(id, text, words));
                    words = new ArrayList<>();
                    int tab = line.indexOf('\t');
                    id = tab < 0 ? null : line.substring(2, tab).strip();
                    text = tab < 0 ? null : line.substring(tab + 1);
                    continue;
                }
                String[] cols = line.split("\t", -1);
                if (cols.length < 3) {
                    throw new TokenizerException(file + " line " + lineNumber + " is not a KLUE-DP word line (INDEX, WORD_FORM, LEMMA, ... separated by tabs)");
                }
                if (text == null) {
                    throw new TokenizerException(file + " line " + lineNumber + " is a word line before any '## <id>\\t<sentence>' line; is this a KLUE-DP file?");
                }
                words.add(new Word(cols[1], List.of(cols[2].strip().split(" +"))));
            }
        }
        if (text != null && !words.isEmpty()) sentences.add(new Sentence(id, text, words));
        if (sentences.isEmpty()) throw new TokenizerException(file + " holds no KLUE-DP sentence");
        return sentences;
    }
}
