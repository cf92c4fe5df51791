package org.openects.domain.customs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Iso6346Test {

    @Test
    void digitsKeepTheirValueAndLettersSkipTheMultiplesOfEleven() {
        assertThat(Iso6346.value('0')).isZero();
        assertThat(Iso6346.value('9')).isEqualTo(9);
        assertThat(Iso6346.value('A')).isEqualTo(10);
        assertThat(Iso6346.value('B')).isEqualTo(12);
        assertThat(Iso6346.value('C')).isEqualTo(13);
        assertThat(Iso6346.value('K')).isEqualTo(21);
        assertThat(Iso6346.value('L')).isEqualTo(23);
        assertThat(Iso6346.value('U')).isEqualTo(32);
        assertThat(Iso6346.value('V')).isEqualTo(34);
        assertThat(Iso6346.value('Z')).isEqualTo(38);
        for (char c = 'A'; c <= 'Z'; c++) {
            assertThat(Iso6346.value(c) % 11).as("%s", c).isNotZero();
        }
    }

    @Test
    void checkDigitOfAPublishedContainerNumberWorkedByHand() {
        // C 13*1 + S 30*2 + Q 28*4 + U 32*8 + 3*16 + 0*32 + 5*64 + 4*128 + 3*256 + 8*512 = 6185; 6185 mod 11 = 3
        assertThat(Iso6346.checkDigit("CSQU305438")).isEqualTo('3');
    }

    @Test
    void aRemainderOfTenGivesZero() {
        // 'A' alone: 10 * 2^0 = 10; 10 mod 11 = 10; 10 mod 10 = 0
        assertThat(Iso6346.checkDigit("A")).isEqualTo('0');
        assertThat(Iso6346.checkDigit("")).isEqualTo('0');
    }

    @Test
    void refusesCharactersWithoutAValue() {
        for (char c : new char[] {'a', ' ', '-', 'ı', 'Ä'}) {
            assertThatThrownBy(() -> Iso6346.value(c)).as("%s", c).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Iso6346.checkDigit("CSQu305438")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Iso6346.checkDigit("1".repeat(31))).isInstanceOf(IllegalArgumentException.class);
    }
}
