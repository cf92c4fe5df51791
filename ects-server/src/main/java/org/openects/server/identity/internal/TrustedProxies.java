package org.openects.server.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.openects.server.identity.ClientAddresses;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * {@link ClientAddresses} honouring {@code X-Forwarded-For} only from {@code ects.identity.trusted-proxies}. The header
 * is read from its right end (the entry the nearest proxy added) leftwards, skipping trusted proxies; the first other
 * entry is the client. Entries that are not IP address literals end the walk (nothing is resolved through DNS): the
 * last trusted hop is then the answer.
 */
@Component
class TrustedProxies implements ClientAddresses {

    static final String FORWARDED_FOR = "X-Forwarded-For";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<IpAddressMatcher> proxies;

    @Autowired
    TrustedProxies(IdentityProperties properties) {
        this(properties.trustedProxies());
    }

    TrustedProxies(List<String> proxies) {
        List<IpAddressMatcher> matchers = new ArrayList<>();
        for (String proxy : proxies) {
            String trimmed = proxy.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            String address = trimmed.contains("/") ? trimmed.substring(0, trimmed.indexOf('/')) : trimmed;
            if (!isLiteral(address)) {
                throw new IllegalArgumentException(
                        "ects.identity.trusted-proxies: '" + trimmed + "' is not an IP address or CIDR range");
            }
            matchers.add(new IpAddressMatcher(trimmed));
        }
        this.proxies = List.copyOf(matchers);
    }

    @Override
    public String of(HttpServletRequest request) {
        String socket = request.getRemoteAddr();
        if (proxies.isEmpty() || !trusted(socket)) {
            return socket;
        }
        List<String> hops = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders(FORWARDED_FOR))) {
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        }
        String client = socket;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (!isLiteral(hop)) {
                break;
            }
            client = hop;
            if (!trusted(hop)) {
                break;
            }
        }
        return client;
    }

    private boolean trusted(String address) {
        if (!isLiteral(address)) {
            return false;
        }
        for (IpAddressMatcher proxy : proxies) {
            if (proxy.matches(address)) {
                return true;
            }
        }
        return false;
    }

    static boolean isLiteral(String address) {
        return IPV4.matcher(address).matches() || IPV6.matcher(address).matches();
    }
}
