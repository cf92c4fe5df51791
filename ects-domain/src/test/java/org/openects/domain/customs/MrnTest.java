package org.openects.domain.customs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MrnTest {

    /** An MRN built from its parts, with the check character computed by {@link Mrn#checkCharacter(String)}. */
    private static String mrn(String first17) {
        return first17 + Mrn.checkCharacter(first17);
    }

    private static void refused(String text, String rule, String messagePart) {
        assertThatThrownBy(() -> Mrn.parse(text))
                .as(text)
                .isInstanceOfSatisfying(CustomsReferenceException.class, e -> {
                    assertThat(e.rule()).isEqualTo(rule);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }

    @Test
    void aPublishedGermanExampleIsValid() {
        // 06 DE 586600006143 E, check character worked by hand from the values (digits as such, D=14, E=15) and the
        // weights 2^0..2^16: the sum is 1181324, 1181324 mod 11 = 1, 1 mod 10 = 1.
        Mrn mrn = Mrn.parse("06DE586600006143E1");
        assertThat(Mrn.checkCharacter("06DE586600006143E")).isEqualTo('1');
        assertThat(mrn.value()).isEqualTo("06DE586600006143E1");
        assertThat(mrn.year()).isEqualTo(2006);
        assertThat(mrn.country()).isEqualTo("DE");
        assertThat(mrn.procedureCategory()).isEqualTo('E');
        assertThat(mrn).hasToString("06DE586600006143E1");
    }

    @Test
    void acceptsMrnsBuiltFromTheirPartsForSeveralCountries() {
        for (String first17 : new String[] {
            "26ID040300000001M", "25KE0000ABCDEFGHJ", "24ZW1XYZ99999999A", "99IN000000000000T", "00FR0ZZZZZZZZZZZZ"
        }) {
            String text = mrn(first17);
            Mrn mrn = Mrn.parse(text);
            assertThat(mrn.value()).isEqualTo(text);
            assertThat(mrn.country()).isEqualTo(first17.substring(2, 4));
            assertThat(mrn.year()).isEqualTo(2000 + Integer.parseInt(first17.substring(0, 2)));
            assertThat(mrn.procedureCategory()).isEqualTo(first17.charAt(16));
            assertThat(new Mrn(text)).isEqualTo(mrn);
        }
    }

    @Test
    void lowerCaseIsNormalisedToUpperCase() {
        Mrn mrn = Mrn.parse("06de586600006143e1");
        assertThat(mrn.value()).isEqualTo("06DE586600006143E1");
        assertThat(mrn).isEqualTo(Mrn.parse("06DE586600006143E1"));
        assertThat(new Mrn("06De586600006143E1").value()).isEqualTo("06DE586600006143E1");
        assertThat(Mrn.checkCharacter("06de586600006143e")).isEqualTo('1');
    }

    @Test
    void refusesNullEmptyAndWrongLengths() {
        refused(null, "mrn.length", "18 characters, got none");
        refused("", "mrn.length", "got 0");
        refused("06DE586600006143E", "mrn.length", "got 17");
        refused("06DE586600006143E11", "mrn.length", "got 19");
        refused(" 06DE586600006143E1", "mrn.length", "got 19");
        assertThatThrownBy(() -> new Mrn(null)).isInstanceOf(CustomsReferenceException.class);
    }

    @Test
    void refusesCharactersOtherThanAsciiLettersAndDigits() {
        refused("06DE5866-0006143E1", "mrn.characters", "06DE5866-0006143E1");
        refused("06DE5866 0006143E1", "mrn.characters", "letters A-Z and digits 0-9");
        // Non-ASCII letters that String.toUpperCase would turn into I and S.
        refused("06DE5866ı0006143E1", "mrn.characters", "letters A-Z");
        refused("06DE5866ſ0006143E1", "mrn.characters", "letters A-Z");
        refused("06DE5866Ä0006143E1", "mrn.characters", "letters A-Z");
    }

    @Test
    void refusesAYearThatIsNotTwoDigits() {
        refused(mrn("0XDE586600006143E"), "mrn.year", "\"0X\"");
        refused(mrn("A6DE586600006143E"), "mrn.year", "two digits");
    }

    @Test
    void refusesACountryOutsideIso3166() {
        refused(mrn("06QQ586600006143E"), "mrn.country", "\"QQ\"");
        refused(mrn("06XQ586600006143E"), "mrn.country", "ISO 3166-1 alpha-2");
        refused(mrn("06D1586600006143E"), "mrn.country", "\"D1\"");
        refused(mrn("0612586600006143E"), "mrn.country", "\"12\"");
    }

    @Test
    void acceptsNorthernIrelandsXiWhichNctsUsesOutsideIso3166() {
        String first17 = "26XI000000001234A";
        Mrn mrn = Mrn.parse(first17 + Mrn.checkCharacter(first17));

        assertThat(mrn.country()).isEqualTo("XI");
        assertThat(Mrn.EXTRA_COUNTRIES).containsExactly("XI");
        assertThat(java.util.Locale.getISOCountries()).doesNotContain("XI");
    }

    @Test
    void refusesAProcedureCategoryThatIsNotALetter() {
        refused(mrn("06DE5866000061437"), "mrn.procedure", "'7'");
    }

    @Test
    void refusesAWrongCheckCharacterNamingTheComputedOne() {
        refused("06DE586600006143E2", "mrn.check-character", "is '1', got '2'");
        refused("06DE586600006143EA", "mrn.check-character", "is '1', got 'A'");
    }

    @Test
    void aChangeInAnyFieldIsCaughtByTheCheckCharacter() {
        // The valid 06DE586600006143E1 with one character changed in each field, each change still allowed by the
        // field's own rule, so that only the check character refuses it.
        for (String corrupted : new String[] {
            "07DE586600006143E1", // year
            "06DK586600006143E1", // country
            "06DE586600007143E1", // serial digit
            "06DE5866000061A3E1", // serial letter in place of a digit
            "06DE586600006143M1", // procedure category
        }) {
            char expected = Mrn.checkCharacter(corrupted.substring(0, 17));
            assertThat(expected).as(corrupted).isNotEqualTo('1');
            refused(corrupted, "mrn.check-character", "is '" + expected + "', got '1'");
        }
    }

    @Test
    void checkCharacterRefusesInputThatIsNotSeventeenLettersAndDigits() {
        assertThatThrownBy(() -> Mrn.checkCharacter("06DE586600006143")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mrn.checkCharacter("06DE586600006143E1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mrn.checkCharacter("06DE58660000614-E")).isInstanceOf(IllegalArgumentException.class);
    }
}
