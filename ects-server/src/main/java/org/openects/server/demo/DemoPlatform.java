package org.openects.server.demo;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.openects.server.devices.Device;
import org.openects.server.devices.DeviceRegistry;
import org.openects.server.identity.DemoAccount;
import org.openects.server.identity.DemoAccounts;
import org.openects.server.identity.Role;
import org.openects.server.ingress.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The platform's part of the demo, once it is ready: the demo accounts, a fresh key waiting for the demo seal provider
 * for each of its seals, the banner with the accounts, and the ready file. The fleet itself is the simulator's ({@code
 * org.openects.simulator.DemoMain}, started by {@code ./ects demo} in a JVM of its own when the ready file appears): it
 * logs in with the published demo accounts, registers the seals or takes their new keys as the seal provider, declares
 * the movements and arms their seals as the officer, and drives the trucks over MQTT, as any client of the platform.
 *
 * <p>The demo seals' keys live only in the simulator's memory, so the platform gives the seals it knows a new key at
 * every demo start; the simulator takes them through the provisioning claim.
 */
@Component
class DemoPlatform {

    private static final Logger log = LoggerFactory.getLogger(DemoPlatform.class);
    private static final String ACTOR = "demo";

    /** The protocol whose devices carry a key: the demo seals speak it. */
    private static final String NATIVE_PROTOCOL = "openects";

    private final DemoProperties properties;
    private final DemoAccounts demoAccounts;
    private final DeviceRegistry devices;
    private final MqttProperties mqtt;

    DemoPlatform(DemoProperties properties, DemoAccounts demoAccounts, DeviceRegistry devices, MqttProperties mqtt) {
        this.properties = properties;
        this.demoAccounts = demoAccounts;
        this.devices = devices;
        this.mqtt = mqtt;
    }

    @EventListener
    void onReady(ApplicationReadyEvent ready) {
        if (!properties.enabled()) {
            return;
        }
        List<DemoAccount> accounts = demoAccounts.ensure();
        long provider = accounts.stream()
                .filter(a -> a.role() == Role.SEAL_PROVIDER)
                .findFirst()
                .orElseThrow()
                .organisationId();
        List<String> reKeyed = reKeySealsOf(provider);
        if (!reKeyed.isEmpty()) {
            log.info(
                    "Demo: new keys for the seals of {}, waiting for its claim: {}",
                    DemoAccounts.SEAL_PROVIDER,
                    reKeyed);
        }
        int port = ready.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort()
                : 8080;
        String url = "http://localhost:" + port;
        log.info("{}", banner(url, accounts));
        Path readyFile = properties.readyFile();
        if (readyFile != null) {
            write(readyFile, readyFileContent(url));
        }
    }

    /** Gives every live native-protocol seal of the demo seal provider a new key, which waits for the provider. */
    private List<String> reKeySealsOf(long provider) {
        List<String> reKeyed = new ArrayList<>();
        for (Device device : devices.list(provider)) {
            if (device.revokedAt() == null && NATIVE_PROTOCOL.equals(device.protocol())) {
                devices.rotateKey(device.deviceId(), ACTOR).ifPresent(rotated -> reKeyed.add(device.deviceId()));
            }
        }
        return reKeyed;
    }

    /**
     * What the simulated fleet needs to reach the platform, as {@code java.util.Properties}: {@code url}, {@code
     * mqtt.host}, {@code mqtt.port}, {@code mqtt.topic-prefix} (and {@code mqtt.username}, {@code mqtt.password} when
     * the broker wants them), {@code trucks}, {@code speedup}, {@code max-reporting-gap-seconds}.
     */
    Properties readyFileContent(String url) {
        Properties content = new Properties();
        content.setProperty("url", url);
        content.setProperty("mqtt.host", mqtt.brokerHost());
        content.setProperty("mqtt.port", Integer.toString(mqtt.brokerPort()));
        content.setProperty("mqtt.topic-prefix", mqtt.topicPrefix());
        if (!mqtt.username().isEmpty()) {
            content.setProperty("mqtt.username", mqtt.username());
            content.setProperty("mqtt.password", mqtt.password());
        }
        content.setProperty("trucks", Integer.toString(properties.trucks()));
        content.setProperty("speedup", Double.toString(properties.speedup()));
        content.setProperty("max-reporting-gap-seconds", Integer.toString(properties.maxReportingGapSeconds()));
        return content;
    }

    /** Writes the file whole or not at all (a reader polling for it never sees half of it), readable by its owner. */
    private static void write(Path file, Properties content) {
        try {
            StringWriter text = new StringWriter();
            content.store(text, "OpenECTS demo platform: ready for the simulated fleet");
            Path absolute = file.toAbsolutePath();
            Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
            Files.writeString(partial, text.toString(), StandardCharsets.UTF_8);
            ownerOnly(partial);
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's ready file " + file, e);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions: left as created
        }
    }

    private String banner(String url, List<DemoAccount> accounts) {
        StringBuilder text = new StringBuilder();
        text.append("\n\n  OpenECTS demo platform is up: ").append(url).append("/\n");
        text.append(String.format(
                Locale.ROOT,
                "  The simulated fleet (%d e-sealed trucks, %sx faster than real life) sets up and starts next.%n%n",
                properties.trucks(),
                speedup()));
        text.append("  Log in as:\n");
        text.append(String.format(
                "    %-16s %-24s %s%n", "admin", "(ECTS_ADMIN_PASSWORD, or printed at first start)", "ADMIN"));
        for (DemoAccount a : accounts) {
            text.append(String.format(
                    "    %-16s %-24s %s (%s)%n", a.username(), a.password(), a.role(), a.organisationName()));
        }
        text.append("\n  Demo passwords are public: never expose the demo profile.\n");
        return text.toString();
    }

    private String speedup() {
        double speedup = properties.speedup();
        return speedup == Math.rint(speedup) ? Long.toString((long) speedup) : Double.toString(speedup);
    }
}
