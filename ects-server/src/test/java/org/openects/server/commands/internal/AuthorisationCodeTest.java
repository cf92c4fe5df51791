package org.openects.server.commands.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthorisationCodeTest {

    @Test
    void theDeviceGetsTheFirstFourBytesOfTheReferencesSha256AsDocumented() {
        // docs/api.md's example: SHA-256("KRA/UNL/2025/0042") starts with ed e5 cf 1d.
        assertThat(DeviceCommands.authorisationCode("KRA/UNL/2025/0042")).isEqualTo(3_991_260_957L);
        assertThat(DeviceCommands.authorisationCode("KRA/UNL/2025/0043"))
                .isBetween(0L, 0xffff_ffffL)
                .isNotEqualTo(3_991_260_957L);
    }
}
