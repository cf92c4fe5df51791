package org.openects.server.ingress.internal;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.openects.server.ingress.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The embedded MQTT broker of the single-box mode (Moquette), started before the platform subscribes to it. Devices
 * and the simulator connect to it like to any MQTT broker. Its session store lives under the data directory.
 */
@Component
class EmbeddedBroker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final MqttProperties properties;
    private final Path dataDir;
    private @Nullable Server server;

    EmbeddedBroker(MqttProperties properties, @Value("${ects.data-dir}") String dataDir) {
        this.properties = properties;
        this.dataDir = Path.of(dataDir);
    }

    @Override
    public void start() {
        if (!properties.embedded()) {
            return;
        }
        Properties config = new Properties();
        config.setProperty("host", properties.embeddedHost());
        config.setProperty("port", Integer.toString(properties.embeddedPort()));
        config.setProperty("allow_anonymous", "true");
        config.setProperty("persistence_enabled", "true");
        Path store = dataDir.resolve("mqtt");
        try {
            Files.createDirectories(store);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.setProperty("data_path", store.toAbsolutePath().toString());
        config.setProperty("netty.mqtt.message_size", "65536");
        Server broker = new Server();
        try {
            broker.startServer(new MemoryConfig(config));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "The embedded MQTT broker could not listen on " + properties.embeddedHost() + ":"
                            + properties.embeddedPort() + " (" + e.getMessage()
                            + "). Set ECTS_MQTT_PORT to a free port, or use an external broker (ects.mqtt.embedded=false).",
                    e);
        }
        server = broker;
        log.info("Embedded MQTT broker listening on {}:{}", properties.embeddedHost(), properties.embeddedPort());
    }

    @Override
    public void stop() {
        Server broker = server;
        if (broker != null) {
            broker.stopServer();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    @Override
    public int getPhase() {
        // Before the subscriber (which has a higher phase) and after it on shutdown.
        return Integer.MAX_VALUE - 3000;
    }
}
