package org.openects.server.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** X-Forwarded-For is honoured only from the configured proxies, and then only up to the first untrusted hop. */
class TrustedProxiesTest {

    private final TrustedProxies proxies = new TrustedProxies(List.of("10.0.0.5", "10.1.0.0/16"));

    @Test
    void withoutTrustedProxiesTheSocketAddressIsTheClientWhateverTheHeaderSays() {
        TrustedProxies none = new TrustedProxies(List.of());

        assertThat(none.of(request("203.0.113.9", "198.51.100.1"))).isEqualTo("203.0.113.9");
    }

    @Test
    void anUntrustedCallerCannotChooseItsAddressWithTheHeader() {
        assertThat(proxies.of(request("203.0.113.9", "198.51.100.1"))).isEqualTo("203.0.113.9");
    }

    @Test
    void aTrustedProxysHeaderNamesTheClient() {
        assertThat(proxies.of(request("10.0.0.5", "198.51.100.1"))).isEqualTo("198.51.100.1");
        assertThat(proxies.of(request("10.1.2.3", "198.51.100.2"))).isEqualTo("198.51.100.2");
    }

    @Test
    void entriesLeftOfTheFirstUntrustedHopAreIgnoredSoAClientCannotPrependAFakeOne() {
        // The client sent "X-Forwarded-For: 192.0.2.66"; the proxies appended the client and themselves.
        assertThat(proxies.of(request("10.0.0.5", "192.0.2.66, 198.51.100.1, 10.1.0.7")))
                .isEqualTo("198.51.100.1");
    }

    @Test
    void aHeaderWithoutAnAddressLeavesTheProxyAsTheClientAndIsNeverLookedUp() {
        assertThat(proxies.of(request("10.0.0.5", "evil.example"))).isEqualTo("10.0.0.5");
        assertThat(proxies.of(request("10.0.0.5", null))).isEqualTo("10.0.0.5");
    }

    @Test
    void ipv6ProxiesAndClientsWork() {
        TrustedProxies v6 = new TrustedProxies(List.of("2001:db8::/32"));

        assertThat(v6.of(request("2001:db8::1", "2001:db8:ffff::1, 2001:4860::8888")))
                .isEqualTo("2001:4860::8888");
    }

    @Test
    void aConfiguredProxyThatIsNotAnAddressIsRefusedAtStart() {
        assertThatThrownBy(() -> new TrustedProxies(List.of("proxy.internal")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ects.identity.trusted-proxies");
    }

    private static MockHttpServletRequest request(String socket, String forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(socket);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        return request;
    }
}
