package org.openects.server.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the Spring Boot integration tests: the whole application on a random port, on this JVM's own PostgreSQL
 * database, subscribed to the real Mosquitto under a topic prefix of its own. Subclasses add
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}; all of them share one application context.
 */
public abstract class IntegrationTest {

    @DynamicPropertySource
    static void realServers(DynamicPropertyRegistry registry) {
        TestServers.requireMqtt();
        registry.add("spring.datasource.url", TestServers::postgresUrl);
        registry.add("spring.datasource.username", () -> TestServers.PG_USER);
        registry.add("spring.datasource.password", () -> "");
        registry.add("ects.data-dir", () -> TestServers.dataDir().toString());
        registry.add("ects.identity.admin-password", () -> TestAccounts.ADMIN_PASSWORD);
        registry.add("ects.mqtt.embedded", () -> "false");
        registry.add("ects.mqtt.host", () -> TestServers.MQTT_HOST);
        registry.add("ects.mqtt.port", () -> TestServers.MQTT_PORT);
        registry.add("ects.mqtt.topic-prefix", () -> TestServers.MQTT_TOPIC_PREFIX);
        for (String protocol : new String[] {"openects", "ais140", "jt600", "jt808", "teltonika", "iridium"}) {
            // Any free port: several test JVMs may run at once.
            registry.add("ects.ingress.tcp." + protocol, () -> 0);
        }
        registry.add("ects.ingress.tcp-host", () -> "127.0.0.1");
        // The Iridium gateway is this host's 127.0.0.1 alone: DeviceIdentityIT connects from 127.0.0.2 as another host.
        registry.add("ects.ingress.iridium.gateway-addresses", () -> "127.0.0.1");
        // Seal requests of this one trader organisation are approved as filed (SealRequestApiIT); others wait for an
        // officer, as by default.
        registry.add("ects.procedure.seal-requests.auto-approve.enabled", () -> "true");
        registry.add(
                "ects.procedure.seal-requests.auto-approve.declarant-organisations[0]",
                () -> "Auto-approved trader (tests)");
    }
}
