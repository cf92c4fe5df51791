package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openects.codec.openects.OpenEctsTcpProtocol;

class DownlinkSenderTest {

    static final byte[] JWS = "eyJhbGciOiJIUzI1NiJ9.e30.sig".getBytes(StandardCharsets.US_ASCII);
    static final byte[] COMPACT_REPORT = {(byte) 0xE1, 0, 0, 0, 42};

    @Test
    void theEncodingOfAnArchivedMessageIsReadFromItsFirstBytePastAnyTcpLengthPrefix() {
        assertThat(DownlinkSender.encodingOf(JWS)).isEqualTo(DownlinkSender.Encoding.JSON);
        assertThat(DownlinkSender.encodingOf(COMPACT_REPORT)).isEqualTo(DownlinkSender.Encoding.COMPACT);
        assertThat(DownlinkSender.encodingOf(OpenEctsTcpProtocol.frame(JWS))).isEqualTo(DownlinkSender.Encoding.JSON);
        assertThat(DownlinkSender.encodingOf(OpenEctsTcpProtocol.frame(COMPACT_REPORT)))
                .isEqualTo(DownlinkSender.Encoding.COMPACT);
        assertThat(DownlinkSender.encodingOf(new byte[0])).isEqualTo(DownlinkSender.Encoding.JSON);
    }
}
