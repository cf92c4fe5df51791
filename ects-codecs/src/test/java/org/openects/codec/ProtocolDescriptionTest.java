package org.openects.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openects.domain.Channel;
import org.openects.domain.TrustLevel;

/**
 * The protocols describe themselves, and {@code docs/protocols/README.md} holds what they say: its protocols table is
 * {@link ProtocolDescription#table(List)} of {@link Protocols#descriptions()}, word for word. Run with {@code
 * -Dects.docs.write=true} to write the table into the file.
 */
class ProtocolDescriptionTest {

    static final Path README = Path.of("..", "docs", "protocols", "README.md");
    static final String BEGIN =
            "<!-- protocols table: generated from ProtocolDescription, see ProtocolDescriptionTest -->\n";
    static final String END = "<!-- end of protocols table -->\n";
    static final String REGENERATE = "./mvnw -B -q -pl ects-codecs -am test -Dtest=ProtocolDescriptionTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dects.docs.write=true";

    @Test
    void theDocsTableSaysWhatTheProtocolsSayOfThemselves() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin)
                .as("%s holds the markers of the protocols table", README)
                .isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String table = ProtocolDescription.table(Protocols.descriptions());
        String written = readme.substring(begin + BEGIN.length(), end);
        if (Boolean.getBoolean("ects.docs.write") && !written.equals(table)) {
            Files.writeString(
                    README,
                    readme.substring(0, begin + BEGIN.length()) + table + readme.substring(end),
                    StandardCharsets.UTF_8);
            written = table;
        }
        assertThat(written)
                .as(
                        "the protocols table of %s disagrees with the protocols' descriptions; after changing a"
                                + " description, regenerate the table with: %s",
                        README, REGENERATE)
                .isEqualTo(table);
    }

    @Test
    void everyProtocolDescribesItselfUnderItsOwnName() {
        Map<String, FrameCodec> codecs = Protocols.all();
        assertThat(Protocols.descriptions())
                .extracting(ProtocolDescription::name)
                .containsExactlyInAnyOrderElementsOf(codecs.keySet());
        codecs.forEach((name, codec) -> assertThat(codec.description().name()).isEqualTo(name));
        Protocols.streams(Protocols.openEcts(id -> null)).forEach((name, protocol) -> {
            assertThat(protocol.description()).isSameAs(protocol.codec().description());
            assertThat(protocol.description().offeredOn(ProtocolDescription.Transport.TCP)
                            || protocol.description().throughIridiumGateway())
                    .as("%s listens on TCP", name)
                    .isTrue();
        });
        assertThat(Protocols.description("teltonika"))
                .contains(Protocols.all().get("teltonika").description());
        assertThat(Protocols.description("no-such-protocol")).isEmpty();
    }

    @Test
    void onlyTheSignedProtocolsTakeSignedCommandsAndOnlyIridiumComesBySatellite() {
        for (ProtocolDescription d : Protocols.descriptions()) {
            assertThat(d.commands().signed())
                    .as("%s: signed commands only to devices whose readings are signed", d.name())
                    .isEqualTo(d.trust().getFirst() == TrustLevel.SIGNED);
            assertThat(d.bearer()).isEqualTo(d.name().equals("iridium") ? Channel.SATELLITE : Channel.CELLULAR);
            assertThat(d.replay().contains(ProtocolDescription.Replay.COUNTER_WINDOW))
                    .as("%s: a counter window exactly where readings are signed", d.name())
                    .isEqualTo(d.trust().contains(TrustLevel.SIGNED));
        }
    }

    @Test
    void aDescriptionWithoutTransportTrustOrReplayIsRefused() {
        assertThatThrownBy(() -> new ProtocolDescription(
                        "x",
                        "X",
                        ProtocolDescription.Framing.DELIMITED_TEXT,
                        Set.of(),
                        ProtocolDescription.Identification.EVERY_FRAME,
                        "none",
                        List.of(TrustLevel.IDENTIFIED),
                        List.of(ProtocolDescription.Replay.REPEATED_READING),
                        ProtocolDescription.Commands.NONE,
                        List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
    }
}
