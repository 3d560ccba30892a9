package dev.hanlm.tokenizer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HF's Split pre-tokenizer with behavior Isolated: every match is a piece and so is every gap between
 * matches. Llama-3-style tokenizers describe their split this way.
 */
public record RegexSplitter(Pattern pattern) implements PreTokenizer {
    public void split(String text, int start, int end, Spans out) {
        Matcher m = pattern.matcher(text).region(start, end);
        int last = start;
        while (m.find()) {
            if (m.end() == m.start()) continue;
            if (m.start() > last) out.span(last, m.start());
            out.span(m.start(), m.end());
            last = m.end();
        }
        if (last < end) out.span(last, end);
    }
}
