package org.openects.domain.customs;

/**
 * ASCII-only character tests and upper-casing for the reference numbers. {@link String#toUpperCase} is not used: it
 * would turn non-ASCII letters such as the dotless {@code ı} or the long {@code ſ} into {@code I} and {@code S}, and
 * {@code ß} into two characters.
 */
final class Ascii {

    private Ascii() {}

    static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /** An upper-case letter {@code A}-{@code Z}. */
    static boolean upperLetter(char c) {
        return c >= 'A' && c <= 'Z';
    }

    /** A letter {@code A}-{@code Z} or {@code a}-{@code z}. */
    static boolean letter(char c) {
        return upperLetter(c) || (c >= 'a' && c <= 'z');
    }

    /** Whether every character is a digit or a letter of either case. */
    static boolean alphanumeric(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!digit(c) && !letter(c)) {
                return false;
            }
        }
        return true;
    }

    /** {@code text} with {@code a}-{@code z} turned into {@code A}-{@code Z}; every other character unchanged. */
    static String upper(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'a' && chars[i] <= 'z') {
                chars[i] = (char) (chars[i] - ('a' - 'A'));
            }
        }
        return new String(chars);
    }
}
