package io.kizashi.evaluation;

import java.util.ArrayList;
import java.util.List;

/** The little CSV this module needs: one record per line, fields optionally in double quotes. */
final class Csv {

    private Csv() {
    }

    /** Splits one line into fields; a doubled quote inside a quoted field stands for one quote. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>(4);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /** Quotes a field only when it has to be (comma, quote or line break inside). */
    static String field(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    /** Index of a header column by name (case-insensitive, surrounding blanks and a BOM ignored), or -1. */
    static int column(List<String> header, String name) {
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i).strip();
            if (i == 0 && !h.isEmpty() && h.charAt(0) == '\uFEFF') {
                h = h.substring(1).strip();
            }
            if (h.equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
