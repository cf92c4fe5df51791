package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MqttIngressTest {

    @Test
    void theDeviceIsTheTopicSegmentBeforeReports() {
        assertThat(MqttIngress.deviceSegment("ects/v0/devices/ESEAL-0001/reports"))
                .isEqualTo("ESEAL-0001");
    }

    @Test
    void anOddTopicStillYieldsAPartitionKey() {
        assertThat(MqttIngress.deviceSegment("reports")).isEqualTo("reports");
        assertThat(MqttIngress.deviceSegment("a/b")).isEqualTo("a/b");
    }
}
