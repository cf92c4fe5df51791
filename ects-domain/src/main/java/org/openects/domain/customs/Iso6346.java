package org.openects.domain.customs;

/**
 * The ISO 6346 check computation, shared by container numbers and Movement Reference Numbers.
 *
 * <p>Each character gets a value: a digit its own value; a letter a value counted upward from A = 10, skipping the
 * multiples of 11 (so A = 10, B = 12, C = 13 … K = 21, L = 23 … U = 32, V = 34 … Z = 38). The value of the
 * character at 0-based position {@code i} is multiplied by 2<sup>i</sup>; the sum of the products modulo 11, taken
 * again modulo 10, is the check digit (a remainder of 10 thus gives 0).
 */
public final class Iso6346 {

    private static final int[] LETTER_VALUES = letterValues();

    private Iso6346() {}

    /**
     * The value of one character: {@code 0}-{@code 9} for digits, 10-38 for the upper-case letters {@code A}-{@code Z}.
     *
     * @throws IllegalArgumentException for any other character (lower-case letters included)
     */
    public static int value(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return LETTER_VALUES[c - 'A'];
        }
        throw new IllegalArgumentException("ISO 6346 values exist only for 0-9 and A-Z, not '" + c + "'");
    }

    /**
     * The check digit of {@code text}, as a character {@code '0'}-{@code '9'}.
     *
     * @param text digits and upper-case letters only, at most 30 characters (so the weights stay within an int)
     * @throws IllegalArgumentException if {@code text} holds another character or is longer than 30 characters
     */
    public static char checkDigit(CharSequence text) {
        if (text.length() > 30) {
            throw new IllegalArgumentException("ISO 6346 check digits are computed here for at most 30 characters");
        }
        long sum = 0;
        for (int i = 0; i < text.length(); i++) {
            sum += (long) value(text.charAt(i)) << i;
        }
        return (char) ('0' + (int) (sum % 11 % 10));
    }

    private static int[] letterValues() {
        int[] values = new int[26];
        int next = 10;
        for (int i = 0; i < values.length; i++) {
            if (next % 11 == 0) {
                next++;
            }
            values[i] = next++;
        }
        return values;
    }
}
