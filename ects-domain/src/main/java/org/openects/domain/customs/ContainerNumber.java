package org.openects.domain.customs;

import org.jspecify.annotations.Nullable;

/**
 * A freight container's identification number per ISO 6346, such as {@code CSQU3054383}.
 *
 * <p>Eleven characters: a 3-letter owner code, the equipment category identifier ({@code U} freight container,
 * {@code J} detachable freight-container-related equipment, {@code Z} trailer or chassis), a 6-digit serial number
 * and the check digit, which {@link Iso6346#checkDigit(CharSequence)} computes from the first ten.
 *
 * <p>{@link #parse(String)} accepts the compact form and the printed form with single spaces after the category
 * identifier and before the check digit, either or both ({@code CSQU 305438 3}, {@code CSQU 3054383},
 * {@code CSQU305438 3}); no other spaces. Lower-case letters are normalised to upper case. {@link #value()} is always
 * the compact upper-case form. A refused value raises a {@link CustomsReferenceException} whose
 * {@link CustomsReferenceException#rule() rule} is, checked in this order:
 *
 * <ul>
 *   <li>{@code container.format}: null, spaces elsewhere, not 11 characters, an owner code that is not three letters,
 *       a category identifier that is not a letter, a serial that is not six digits or a check digit that is not a
 *       digit;
 *   <li>{@code container.category}: the category identifier is a letter other than {@code U}, {@code J} or
 *       {@code Z};
 *   <li>{@code container.check-digit}: the check digit is not the computed one (the message names it).
 * </ul>
 */
public record ContainerNumber(String value) {

    /** The length of the compact form. */
    public static final int LENGTH = 11;

    /**
     * Validates {@code value} (either form, see the type's documentation) and keeps its compact upper-case form.
     *
     * @throws CustomsReferenceException naming the broken rule
     */
    public ContainerNumber {
        value = validate(value);
    }

    /**
     * Parses a container number in the compact or the printed form, accepting lower-case letters.
     *
     * @throws CustomsReferenceException naming the broken rule, also for {@code null}
     */
    public static ContainerNumber parse(@Nullable String text) {
        return new ContainerNumber(validate(text));
    }

    /** The three-letter owner code, such as {@code CSQ}. */
    public String ownerCode() {
        return value.substring(0, 3);
    }

    /** The equipment category identifier: {@code U}, {@code J} or {@code Z}. */
    public char categoryIdentifier() {
        return value.charAt(3);
    }

    /** The six-digit serial number, such as {@code 305438}. */
    public String serialNumber() {
        return value.substring(4, 10);
    }

    /** The check digit. */
    public char checkDigit() {
        return value.charAt(10);
    }

    /** The printed form, such as {@code CSQU 305438 3}. */
    public String printed() {
        return value.substring(0, 4) + ' ' + value.substring(4, 10) + ' ' + value.charAt(10);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String validate(@Nullable String text) {
        String compact = compact(text);
        if (compact == null || compact.length() != LENGTH) {
            throw format(text);
        }
        String number = Ascii.upper(compact);
        for (int i = 0; i < LENGTH; i++) {
            char c = number.charAt(i);
            boolean ok = i < 4 ? Ascii.upperLetter(c) : Ascii.digit(c);
            if (!ok) {
                throw format(text);
            }
        }
        char category = number.charAt(3);
        if (category != 'U' && category != 'J' && category != 'Z') {
            throw new CustomsReferenceException(
                    "container.category",
                    "the fourth character of a container number is the equipment category U, J or Z, got '" + category
                            + "'");
        }
        char expected = Iso6346.checkDigit(number.substring(0, LENGTH - 1));
        if (number.charAt(LENGTH - 1) != expected) {
            throw new CustomsReferenceException(
                    "container.check-digit",
                    "the check digit of " + number.substring(0, LENGTH - 1) + " is " + expected + ", got "
                            + number.charAt(LENGTH - 1));
        }
        return number;
    }

    /** The text without the spaces allowed in the printed form, or null if a space stands anywhere else. */
    private static @Nullable String compact(@Nullable String text) {
        if (text == null) {
            return null;
        }
        StringBuilder compact = new StringBuilder(LENGTH);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ') {
                compact.append(c);
            } else if ((compact.length() != 4 && compact.length() != 10) || text.charAt(i - 1) == ' ') {
                return null;
            }
        }
        return compact.toString();
    }

    private static CustomsReferenceException format(@Nullable String text) {
        return new CustomsReferenceException(
                "container.format",
                "a container number is 3 letters, a category letter, 6 digits and a check digit"
                        + " (\"CSQU3054383\" or \"CSQU 305438 3\"), got "
                        + (text == null ? "none" : "\"" + text + "\""));
    }
}
