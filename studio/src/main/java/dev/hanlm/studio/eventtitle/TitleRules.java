package dev.hanlm.studio.eventtitle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a shop lets through as an event title: a length in characters within limits, none of the banned words (matched
 * ignoring spaces, so {@code 최 저 가} is caught), and no invented numbers: every figure in the title (a run of digits,
 * thousands commas and decimals read as one number) must be a figure of the fields. Numbers written in words (반값,
 * 두 배) are not checked.
 */
public record TitleRules(int minLength, int maxLength, List<String> bannedWords) {
    public static final int MIN_LENGTH = 6, MAX_LENGTH = 40;
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");

    public TitleRules {
        if (minLength < 1 || maxLength < minLength) throw new IllegalArgumentException("title length limits must satisfy 1 <= min <= max, not " + minLength + ".." + maxLength);
        bannedWords = bannedWords.stream().map(w -> w.replaceAll("\\s", "")).filter(w -> !w.isEmpty()).toList();
    }

    /** The default limits and the bundled banned words ({@code eventtitle/banned-words.txt}). */
    public static TitleRules defaults() {
        return new TitleRules(MIN_LENGTH, MAX_LENGTH, bundledBannedWords());
    }

    /** What is wrong with {@code title} for {@code fields}, one sentence per broken rule; empty when it passes. */
    public List<String> violations(String title, EventFields fields) {
        List<String> out = new ArrayList<>();
        int length = title.strip().codePointCount(0, title.strip().length());
        if (length < minLength) out.add("it is " + length + " characters, fewer than " + minLength);
        if (length > maxLength) out.add("it is " + length + " characters, more than " + maxLength);
        String squeezed = title.replaceAll("\\s", "");
        for (String word : bannedWords) if (squeezed.contains(word)) out.add("it uses the banned word " + word);
        Set<String> given = new HashSet<>(numbers(String.join(" ", fields.product(), fields.brand(), fields.discount(), fields.period(), fields.category())));
        for (String n : numbers(title)) if (!given.contains(n)) out.add("it has the number " + n + ", which the fields do not");
        return out;
    }

    /** The figures of a text in order, thousands commas removed ({@code 10,000} is {@code 10000}). */
    static List<String> numbers(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) out.add(m.group().replace(",", ""));
        return out;
    }

    private static List<String> bundledBannedWords() {
        var in = TitleRules.class.getResourceAsStream("/eventtitle/banned-words.txt");
        if (in == null) throw new IllegalStateException("this build has no eventtitle/banned-words.txt");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
