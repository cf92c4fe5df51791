package org.openects.server.audit.internal;

/** Makes any text fit an audit entry: what the canonical form refuses becomes U+FFFD (identifiers: also tabs, newlines). */
final class Text {

    private static final char REPLACEMENT = '\uFFFD';

    private Text() {}

    /** The text with control characters (other than tab and newline), unpaired surrogates and U+FFFE/U+FFFF replaced. */
    static String clean(String value) {
        return replace(value, false);
    }

    /** Like {@link #clean}, also replacing tabs and newlines. */
    static String identifier(String value) {
        return replace(value, true);
    }

    private static String replace(String value, boolean identifier) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            boolean bad = !pair
                    && (Character.isSurrogate(c)
                            || (c < 0x20 && (identifier || (c != '\t' && c != '\n')))
                            || c == 0xFFFE
                            || c == 0xFFFF);
            if (bad && out == null) {
                out = new StringBuilder(value.length()).append(value, 0, i);
            }
            if (out != null) {
                out.append(bad ? REPLACEMENT : c);
                if (pair) {
                    out.append(value.charAt(i + 1));
                }
            }
            if (pair) {
                i++;
            }
        }
        return out == null ? value : out.toString();
    }
}
