package org.openects.codec.ais140;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The comma-separated fields of one AIS-140 frame body, read leniently: a field that is missing or does not parse
 * reads as {@code null} (or {@code ""}), never as an exception. Commas inside parentheses (some vendors group the
 * neighbour cells or an accelerometer triple as {@code (a,b,c)}) do not separate fields.
 */
final class Fields {

    private final List<String> values;

    private Fields(List<String> values) {
        this.values = values;
    }

    static Fields split(String body) {
        List<String> values = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                values.add(body.substring(start, i));
                start = i + 1;
            }
        }
        values.add(body.substring(start));
        return new Fields(values);
    }

    int size() {
        return values.size();
    }

    /** The field at {@code index}, or {@code ""} when there is none. */
    String at(int index) {
        return index >= 0 && index < values.size() ? values.get(index) : "";
    }

    boolean has(int index) {
        return index >= 0 && index < values.size();
    }

    /** The index of the first field equal to one of {@code tokens} among the first {@code limit} fields, or -1. */
    int indexOf(int limit, String... tokens) {
        for (int i = 0; i < Math.min(limit, values.size()); i++) {
            for (String token : tokens) {
                if (values.get(i).equals(token)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** A decimal number such as {@code 077.610351}, {@code -0.28} or {@code 12}, or {@code null}. */
    @Nullable
    Double decimal(int index) {
        String text = at(index);
        return isDecimal(text) ? Double.parseDouble(text) : null;
    }

    /** A non-negative decimal number, or {@code null}. */
    @Nullable
    Double unsignedDecimal(int index) {
        String text = at(index);
        return isDecimal(text) && text.charAt(0) != '-' ? Double.parseDouble(text) : null;
    }

    /** A small non-negative integer written in decimal digits (at most 9), or {@code null}. */
    @Nullable
    Integer integer(int index) {
        String text = at(index);
        return !text.isEmpty() && text.length() <= 9 && isDigits(text) ? Integer.parseInt(text) : null;
    }

    static boolean isDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static boolean isDigits(String text, int length) {
        return text.length() == length && isDigits(text);
    }

    /** Digits with at most one decimal point and an optional leading minus; at most 20 characters. */
    static boolean isDecimal(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        if (text.length() <= start || text.length() > 20) {
            return false;
        }
        boolean digit = false;
        boolean point = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return false;
            }
        }
        return digit;
    }
}
