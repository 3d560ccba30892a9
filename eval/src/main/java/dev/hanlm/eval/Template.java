package dev.hanlm.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt template: text with {@code {field}} placeholders (a name of letters, digits, {@code _}, {@code -} or
 * {@code .}), each replaced by the item's value. Any other brace is plain text.
 */
public record Template(String text) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([\\p{L}\\p{N}_.-]+)}");

    /** The placeholder names, in order of appearance. */
    public List<String> fields() {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    public String render(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new EvalException("the template has the placeholder {" + m.group(1) + "} but the item has only the fields "
                        + values.keySet());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }
}
