package org.openects.domain.customs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContainerNumberTest {

    private static void refused(String text, String rule, String messagePart) {
        assertThatThrownBy(() -> ContainerNumber.parse(text))
                .as(text)
                .isInstanceOfSatisfying(CustomsReferenceException.class, e -> {
                    assertThat(e.rule()).isEqualTo(rule);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }

    @Test
    void thePublishedExampleIsValid() {
        ContainerNumber number = ContainerNumber.parse("CSQU3054383");
        assertThat(number.value()).isEqualTo("CSQU3054383");
        assertThat(number.ownerCode()).isEqualTo("CSQ");
        assertThat(number.categoryIdentifier()).isEqualTo('U');
        assertThat(number.serialNumber()).isEqualTo("305438");
        assertThat(number.checkDigit()).isEqualTo('3');
        assertThat(number.printed()).isEqualTo("CSQU 305438 3");
        assertThat(number).hasToString("CSQU3054383");
    }

    @Test
    void acceptsEveryCategoryWithItsComputedCheckDigit() {
        for (String first10 : new String[] {"CSQU305438", "ABCJ000001", "XYZZ999999", "MSKU000000"}) {
            String text = first10 + Iso6346.checkDigit(first10);
            ContainerNumber number = ContainerNumber.parse(text);
            assertThat(number.value()).isEqualTo(text);
            assertThat(new ContainerNumber(number.printed())).isEqualTo(number);
        }
    }

    @Test
    void acceptsThePrintedFormAndLowerCase() {
        for (String text :
                new String[] {"CSQU 305438 3", "CSQU 3054383", "CSQU305438 3", "csqu3054383", "CsQu 305438 3"}) {
            assertThat(ContainerNumber.parse(text).value()).as(text).isEqualTo("CSQU3054383");
        }
    }

    @Test
    void refusesNullEmptyAndMisplacedSpaces() {
        refused(null, "container.format", "got none");
        refused("", "container.format", "got \"\"");
        refused(" CSQU3054383", "container.format", "CSQU 305438 3");
        refused("CSQU3054383 ", "container.format", "3 letters");
        refused("CSQU  3054383", "container.format", "3 letters");
        refused("CS QU3054383", "container.format", "3 letters");
        refused("CSQU305 4383", "container.format", "3 letters");
        assertThatThrownBy(() -> new ContainerNumber(null)).isInstanceOf(CustomsReferenceException.class);
    }

    @Test
    void refusesTheWrongShape() {
        refused("CSQU305438", "container.format", "\"CSQU305438\"");
        refused("CSQU30543833", "container.format", "3 letters");
        refused("C5QU3054383", "container.format", "3 letters");
        refused("CSQ13054383", "container.format", "category letter");
        refused("CSQU30543A3", "container.format", "6 digits");
        refused("CSQU305438X", "container.format", "check digit");
        refused("CSQU-305438", "container.format", "3 letters");
        refused("CSQÜ3054383", "container.format", "3 letters");
        refused("CSQſ3054383", "container.format", "3 letters");
    }

    @Test
    void refusesACategoryOtherThanUJOrZ() {
        String first10 = "CSQR305438";
        refused(first10 + Iso6346.checkDigit(first10), "container.category", "U, J or Z, got 'R'");
        refused("csqx3054383", "container.category", "got 'X'");
    }

    @Test
    void refusesAWrongCheckDigitNamingTheComputedOne() {
        refused("CSQU3054384", "container.check-digit", "is 3, got 4");
        refused("CSQU 305438 0", "container.check-digit", "CSQU305438 is 3");
    }

    @Test
    void aChangeInAnyFieldIsCaughtByTheCheckDigit() {
        for (String corrupted : new String[] {
            "CSRU3054383", // owner code
            "CSQJ3054383", // category
            "CSQU3054393", // serial
        }) {
            char expected = Iso6346.checkDigit(corrupted.substring(0, 10));
            assertThat(expected).as(corrupted).isNotEqualTo('3');
            refused(corrupted, "container.check-digit", "is " + expected + ", got 3");
        }
    }
}
