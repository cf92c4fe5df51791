package org.openects.domain.customs;

import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A Movement Reference Number: the 18-character reference customs give a transit (or other) declaration when they
 * accept it.
 *
 * <p>Layout, by 0-based position:
 *
 * <ul>
 *   <li>0-1: the last two digits of the year of acceptance;
 *   <li>2-3: the ISO 3166-1 alpha-2 code of the accepting country: one of {@link Locale#getISOCountries()}, or one of
 *       {@link #EXTRA_COUNTRIES}, the codes outside ISO 3166-1 that customs systems use in MRNs;
 *   <li>4-15: twelve characters {@code A}-{@code Z} or {@code 0}-{@code 9};
 *   <li>16: one letter, the procedure category;
 *   <li>17: the check character, the digit {@link #checkCharacter(String)} computes from positions 0-16 by the ISO
 *       6346 method ({@link Iso6346}).
 * </ul>
 *
 * <p>Lower-case letters are accepted and normalised to upper case, so {@link #value()} is always upper case;
 * nothing else is normalised (surrounding or inner spaces are refused). A refused value raises a
 * {@link CustomsReferenceException} whose {@link CustomsReferenceException#rule() rule} is, checked in this order:
 *
 * <ul>
 *   <li>{@code mrn.length}: null, or not exactly 18 characters;
 *   <li>{@code mrn.characters}: a character other than an ASCII letter (either case) or digit;
 *   <li>{@code mrn.year}: positions 0-1 are not two digits;
 *   <li>{@code mrn.country}: positions 2-3 are not an ISO 3166-1 alpha-2 country code;
 *   <li>{@code mrn.procedure}: position 16 is not a letter;
 *   <li>{@code mrn.check-character}: position 17 is not the computed check character (the message names it).
 * </ul>
 *
 * <p>Country codes outside the ISO list are refused, except those of {@link #EXTRA_COUNTRIES} ({@code XI}); other
 * user-assigned codes such as {@code XQ} are refused. The procedure category letter is not checked against a list of
 * categories.
 */
public record Mrn(String value) {

    /** The length of every MRN. */
    public static final int LENGTH = 18;

    /**
     * Country codes accepted in an MRN although Java's ISO 3166-1 list lacks them: {@code XI}, Northern Ireland, which
     * the United Kingdom's NCTS uses for declarations lodged there (a user-assigned code, not in ISO 3166-1).
     */
    public static final Set<String> EXTRA_COUNTRIES = Set.of("XI");

    private static final Set<String> COUNTRIES = countries();

    /**
     * Validates {@code value} and normalises it to upper case.
     *
     * @throws CustomsReferenceException naming the broken rule
     */
    public Mrn {
        value = validate(value);
    }

    /**
     * Parses an MRN, accepting lower-case letters (see the type's documentation for the rules).
     *
     * @throws CustomsReferenceException naming the broken rule, also for {@code null}
     */
    public static Mrn parse(@Nullable String text) {
        return new Mrn(validate(text));
    }

    /**
     * The check character of an MRN whose first 17 characters are {@code first17}: the ISO 6346 check digit of
     * those characters ({@link Iso6346#checkDigit(CharSequence)}), always {@code '0'}-{@code '9'}. Lower-case letters
     * count as their upper-case form. The year, country and procedure fields are not checked here.
     *
     * @throws IllegalArgumentException if {@code first17} is not 17 letters and digits
     */
    public static char checkCharacter(String first17) {
        if (first17.length() != LENGTH - 1 || !Ascii.alphanumeric(first17)) {
            throw new IllegalArgumentException(
                    "the check character is computed from 17 letters and digits, got \"" + first17 + "\"");
        }
        return Iso6346.checkDigit(Ascii.upper(first17));
    }

    /** The year of acceptance, read as 20yy from the first two digits (2000-2099). */
    public int year() {
        return 2000 + Integer.parseInt(value.substring(0, 2));
    }

    /** The ISO 3166-1 alpha-2 code of the country that accepted the declaration, such as {@code DE}. */
    public String country() {
        return value.substring(2, 4);
    }

    /** The procedure category letter (position 16). */
    public char procedureCategory() {
        return value.charAt(16);
    }

    @Override
    public String toString() {
        return value;
    }

    private static Set<String> countries() {
        Set<String> countries = new java.util.HashSet<>(Set.of(Locale.getISOCountries()));
        countries.addAll(EXTRA_COUNTRIES);
        return Set.copyOf(countries);
    }

    private static String validate(@Nullable String text) {
        if (text == null || text.length() != LENGTH) {
            throw new CustomsReferenceException(
                    "mrn.length",
                    "an MRN has " + LENGTH + " characters, got " + (text == null ? "none" : text.length()));
        }
        if (!Ascii.alphanumeric(text)) {
            throw new CustomsReferenceException(
                    "mrn.characters", "an MRN holds only letters A-Z and digits 0-9, got \"" + text + "\"");
        }
        String mrn = Ascii.upper(text);
        if (!Ascii.digit(mrn.charAt(0)) || !Ascii.digit(mrn.charAt(1))) {
            throw new CustomsReferenceException(
                    "mrn.year", "an MRN starts with the two digits of its year, got \"" + mrn.substring(0, 2) + "\"");
        }
        String country = mrn.substring(2, 4);
        if (!COUNTRIES.contains(country)) {
            throw new CustomsReferenceException(
                    "mrn.country",
                    "characters 3-4 of an MRN are an ISO 3166-1 alpha-2 country code (or XI), got \"" + country + "\"");
        }
        if (!Ascii.upperLetter(mrn.charAt(16))) {
            throw new CustomsReferenceException(
                    "mrn.procedure",
                    "character 17 of an MRN is a procedure category letter, got '" + mrn.charAt(16) + "'");
        }
        char expected = Iso6346.checkDigit(mrn.substring(0, LENGTH - 1));
        if (mrn.charAt(LENGTH - 1) != expected) {
            throw new CustomsReferenceException(
                    "mrn.check-character",
                    "the check character of " + mrn.substring(0, LENGTH - 1) + " is '" + expected + "', got '"
                            + mrn.charAt(LENGTH - 1) + "'");
        }
        return mrn;
    }
}
