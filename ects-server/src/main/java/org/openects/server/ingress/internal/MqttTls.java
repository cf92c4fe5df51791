package org.openects.server.ingress.internal;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.openects.server.ingress.MqttProperties;

/**
 * The trust and the client credentials of the platform's TLS connections to the MQTT broker ({@code ects.mqtt.tls.*}),
 * read once at start: the authorities from a PEM file or a PKCS#12 trust store (or the JDK's defaults), the optional
 * client certificate from a PKCS#12 key store. A file that cannot be read stops the start with a message naming the
 * setting.
 */
final class MqttTls {

    private final @Nullable TrustManagerFactory trust;
    private final @Nullable KeyManagerFactory keys;

    private MqttTls(@Nullable TrustManagerFactory trust, @Nullable KeyManagerFactory keys) {
        this.trust = trust;
        this.keys = keys;
    }

    /** The TLS settings read, or null when TLS is off. */
    static @Nullable MqttTls of(MqttProperties.Tls tls) {
        if (!tls.enabled()) {
            return null;
        }
        return new MqttTls(trust(tls), keys(tls));
    }

    /** The authorities to trust, or null for the JDK's defaults. */
    @Nullable
    TrustManagerFactory trust() {
        return trust;
    }

    /** The client certificate and key, or null for none. */
    @Nullable
    KeyManagerFactory keys() {
        return keys;
    }

    /** A Netty client context, verifying the broker's host name. */
    SslContext nettyContext() {
        try {
            return SslContextBuilder.forClient()
                    .trustManager(trust)
                    .keyManager(keys)
                    .endpointIdentificationAlgorithm("HTTPS")
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("ects.mqtt.tls: cannot set up TLS (" + e.getMessage() + ")", e);
        }
    }

    private static @Nullable TrustManagerFactory trust(MqttProperties.Tls tls) {
        try {
            KeyStore store;
            if (!tls.caFile().isBlank()) {
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                try (InputStream in = Files.newInputStream(Path.of(tls.caFile()))) {
                    Collection<? extends Certificate> authorities =
                            CertificateFactory.getInstance("X.509").generateCertificates(in);
                    if (authorities.isEmpty()) {
                        throw new IllegalStateException(
                                "ects.mqtt.tls.ca-file " + tls.caFile() + " holds no certificate");
                    }
                    int i = 0;
                    for (Certificate authority : authorities) {
                        store.setCertificateEntry("ca-" + i++, authority);
                    }
                }
            } else if (!tls.trustStore().isBlank()) {
                store = load(tls.trustStore(), tls.trustStorePassword(), "ects.mqtt.tls.trust-store");
            } else {
                return null;
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(
                    "ects.mqtt.tls: cannot read the authorities to trust (ca-file or trust-store): " + e.getMessage(),
                    e);
        }
    }

    private static @Nullable KeyManagerFactory keys(MqttProperties.Tls tls) {
        if (tls.keyStore().isBlank()) {
            return null;
        }
        try {
            KeyStore store = load(tls.keyStore(), tls.keyStorePassword(), "ects.mqtt.tls.key-store");
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, tls.keyStorePassword().toCharArray());
            return factory;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "ects.mqtt.tls.key-store " + tls.keyStore() + " cannot be used: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String file, String password, String setting) {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(setting + " " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
