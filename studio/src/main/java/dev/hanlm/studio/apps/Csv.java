package dev.hanlm.studio.apps;

import dev.hanlm.studio.RequestException;
import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV: comma-separated fields, double quotes around fields with commas, quotes or line breaks ({@code ""} is a quote). */
final class Csv {
    private Csv() {}

    static List<List<String>> records(String name, String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') line++;
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                line++;
            } else {
                field.append(c);
            }
        }
        if (quoted) throw RequestException.invalid("file", name + " has a quoted field that never ends (from line " + line + " on)");
        if (!field.isEmpty() || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
