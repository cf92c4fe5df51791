package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/** The Iridium gateway addresses: single addresses and CIDR blocks, IPv4 and IPv6; a bad entry names the setting. */
class IridiumGatewaysTest {

    private final List<IpAddressMatcher> gateways =
            IridiumGateways.matchers(List.of("192.0.2.0/28", " 198.51.100.7 ", "2001:db8::/32"));

    @Test
    void addressesInsideAConfiguredBlockOrEqualToAConfiguredAddressAreGateways() {
        assertThat(IridiumGateways.isGateway(gateways, at("192.0.2.1"))).isTrue();
        assertThat(IridiumGateways.isGateway(gateways, at("192.0.2.15"))).isTrue();
        assertThat(IridiumGateways.isGateway(gateways, at("198.51.100.7"))).isTrue();
        assertThat(IridiumGateways.isGateway(gateways, at("2001:db8::42"))).isTrue();
    }

    @Test
    void everyOtherAddressIsNot() {
        assertThat(IridiumGateways.isGateway(gateways, at("192.0.2.16"))).isFalse();
        assertThat(IridiumGateways.isGateway(gateways, at("198.51.100.8"))).isFalse();
        assertThat(IridiumGateways.isGateway(gateways, at("127.0.0.1"))).isFalse();
        assertThat(IridiumGateways.isGateway(gateways, at("2001:db9::1"))).isFalse();
        assertThat(IridiumGateways.isGateway(gateways, InetSocketAddress.createUnresolved("gateway.example", 10800)))
                .as("an unresolved name is no address")
                .isFalse();
    }

    @Test
    void theDefaultIsLoopbackOnly() {
        List<IpAddressMatcher> loopback = IridiumGateways.matchers(List.of("127.0.0.1", "::1"));
        assertThat(IridiumGateways.isGateway(loopback, at("127.0.0.1"))).isTrue();
        assertThat(IridiumGateways.isGateway(loopback, at("::1"))).isTrue();
        assertThat(IridiumGateways.isGateway(loopback, at("127.0.0.2"))).isFalse();
        assertThat(IridiumGateways.isGateway(loopback, at("10.0.0.1"))).isFalse();
    }

    @Test
    void aBadEntryStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> IridiumGateways.matchers(List.of("gateway.example")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ects.ingress.iridium.gateway-addresses")
                .hasMessageContaining("'gateway.example'");
        assertThatThrownBy(() -> IridiumGateways.matchers(List.of("")))
                .hasMessageContaining("ects.ingress.iridium.gateway-addresses");
    }

    private static InetSocketAddress at(String address) {
        return new InetSocketAddress(address, 10800);
    }
}
