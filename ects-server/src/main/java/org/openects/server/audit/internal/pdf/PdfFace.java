package org.openects.server.audit.internal.pdf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.font.PDFont;

/**
 * A standard PDF font (not embedded, WinAnsiEncoding) and what it can show: text is cleaned before it is measured or
 * drawn, so that a name in a script the font lacks shows as question marks instead of failing the report. Letters with
 * accents the encoding lacks fall back to their base letter.
 */
final class PdfFace {

    private final PDFont font;
    private final Map<Integer, Boolean> encodable = new HashMap<>();

    PdfFace(PDFont font) {
        this.font = font;
    }

    PDFont font() {
        return font;
    }

    /** The text as this font can show it on one line: line breaks and tabs become spaces, unknown characters '?'. */
    String safe(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            String replacement = null;
            if (cp == '\t' || cp == '\n' || cp == '\r') {
                replacement = " ";
            } else if (!canShow(cp)) {
                replacement = fallback(cp);
            }
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.appendCodePoint(cp);
                }
            }
            i += n;
        }
        return out == null ? text : out.toString();
    }

    /** The width of already {@link #safe} text at this size, in points. */
    float width(String safeText, float size) {
        try {
            return font.getStringWidth(safeText) / 1000f * size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The text cut into lines no wider than {@code width}: at explicit line breaks, then between words, and inside a
     * word only when the word alone is too wide (after a '_', '-' or '/' if it has one, else anywhere: digests,
     * keys). Every line is {@link #safe}.
     */
    List<String> wrap(String text, float size, float width) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\r\n|\r|\n", -1)) {
            String safe = safe(paragraph);
            if (width(safe, size) <= width) {
                lines.add(safe);
                continue;
            }
            StringBuilder line = new StringBuilder();
            for (String word : safe.split(" ")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (width(candidate, size) <= width) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                String rest = word;
                while (width(rest, size) > width && rest.length() > 1) {
                    int fits = fitting(rest, size, width);
                    int breakAfter = lastBreak(rest, fits);
                    int cut = breakAfter > 0 ? breakAfter : fits;
                    lines.add(rest.substring(0, cut));
                    rest = rest.substring(cut);
                }
                line.append(rest);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** The length of the longest prefix of the first {@code limit} characters ending in '_', '-' or '/', or 0. */
    private static int lastBreak(String word, int limit) {
        for (int i = limit; i > 1; i--) {
            char c = word.charAt(i - 1);
            if (c == '_' || c == '-' || c == '/') {
                return i;
            }
        }
        return 0;
    }

    /** How many leading characters of {@code text} fit in {@code width} (at least one). */
    private int fitting(String text, float size, float width) {
        int low = 1;
        int high = text.length();
        while (low < high) {
            int mid = (low + high + 1) / 2;
            if (width(text.substring(0, mid), size) <= width) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private boolean canShow(int cp) {
        if (cp >= 0x20 && cp < 0x7F) {
            return true;
        }
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
            return false;
        }
        return encodable.computeIfAbsent(cp, c -> {
            try {
                font.encode(new String(Character.toChars(c)));
                return true;
            } catch (IllegalArgumentException | IOException e) {
                return false;
            }
        });
    }

    private String fallback(int cp) {
        String decomposed = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFD);
        int base = decomposed.codePointAt(0);
        if (base != cp && Character.getType(base) != Character.NON_SPACING_MARK && canShow(base)) {
            return new String(Character.toChars(base));
        }
        return "?";
    }
}
