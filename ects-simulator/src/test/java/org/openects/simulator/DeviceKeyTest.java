package org.openects.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openects.domain.DeviceId;

class DeviceKeyTest {

    @Test
    void keys_survive_a_round_trip_through_csv() {
        List<DeviceKey> keys = DemoFleet.newKeys(3);

        assertThat(DeviceKey.parseCsv(DeviceKey.toCsv(keys))).isEqualTo(keys);
    }

    @Test
    void comments_and_blank_lines_are_skipped() {
        List<DeviceKey> keys = DeviceKey.parseCsv("# a comment\n\nESEAL-0001, AQID \r\n");

        assertThat(keys).containsExactly(new DeviceKey(DeviceId.of("ESEAL-0001"), new byte[] {1, 2, 3}));
    }

    @Test
    void a_bad_line_is_named() {
        assertThatThrownBy(() -> DeviceKey.parseCsv("ESEAL-0001,AQID\nESEAL 2,AQID\n"))
                .hasMessageStartingWith("line 2");
        assertThatThrownBy(() -> DeviceKey.parseCsv("ESEAL-0001,not base64!\n")).hasMessageStartingWith("line 1");
    }

    @Test
    void the_key_never_shows_in_text() {
        DeviceKey key = new DeviceKey(DeviceId.of("ESEAL-0001"), new byte[] {1, 2, 3});

        assertThat(key.toString()).doesNotContain("AQID").contains("ESEAL-0001");
    }
}
