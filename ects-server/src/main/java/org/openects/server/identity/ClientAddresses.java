package org.openects.server.identity;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address of the client behind an HTTP request, for throttles, rate limits and logs. The socket's address, unless
 * that is one of the reverse proxies configured in {@code ects.identity.trusted-proxies}: then the nearest address in
 * {@code X-Forwarded-For} that is not itself a trusted proxy. A client that is not a trusted proxy cannot choose its
 * address by sending the header.
 */
public interface ClientAddresses {

    /** The client address of {@code request}. */
    String of(HttpServletRequest request);
}
