package org.openects.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.openects.server.EctsApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The platform booted as {@code ./ects run} boots it (add {@code --spring.profiles.active=demo} for {@code ./ects
 * demo}): {@link EctsApplication} with the defaults of application.yml — H2 file database under the data directory,
 * embedded MQTT broker — and nothing of the test servers (PostgreSQL, Mosquitto) the other integration tests use. Only
 * what a shared test machine needs is set, on the command line as a user would: the data directory, the first
 * administrator's password, and free ports for the web server, the embedded broker and the device TCP listeners.
 * Close it to stop the platform.
 */
public final class SingleBox implements AutoCloseable {

    /** The topic prefix of the default configuration. */
    public static final String TOPIC_PREFIX = "ects/v0";

    private final ConfigurableApplicationContext context;
    private final int port;
    private final int mqttPort;

    private SingleBox(ConfigurableApplicationContext context, int mqttPort) {
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.mqttPort = mqttPort;
    }

    /** Starts the platform on {@code dataDir}, with {@code args} added to its command line; returns once it is ready. */
    public static SingleBox start(Path dataDir, String... args) {
        int mqttPort = freePort();
        List<String> commandLine = new ArrayList<>(List.of(
                "--ects.data-dir=" + dataDir.toAbsolutePath(),
                "--ects.identity.admin-password=" + TestAccounts.ADMIN_PASSWORD,
                "--server.port=0",
                "--ects.mqtt.embedded-port=" + mqttPort,
                "--ects.ingress.tcp-host=127.0.0.1"));
        for (String protocol : new String[] {"openects", "ais140", "jt600", "jt808", "teltonika", "iridium"}) {
            commandLine.add("--ects.ingress.tcp." + protocol + "=0"); // any free port
        }
        commandLine.addAll(List.of(args));
        return new SingleBox(
                SpringApplication.run(EctsApplication.class, commandLine.toArray(String[]::new)), mqttPort);
    }

    /** The HTTP port of the UI and the API. */
    public int port() {
        return port;
    }

    /** The port of the embedded MQTT broker. */
    public int mqttPort() {
        return mqttPort;
    }

    /** A device connected to the embedded MQTT broker, publishing under the default topic prefix. */
    public DevicePublisher device() {
        return new DevicePublisher("127.0.0.1", mqttPort, TOPIC_PREFIX);
    }

    /** The name of the database the platform runs on, as its JDBC driver tells it. */
    public String databaseProduct() {
        try (Connection connection = context.getBean(DataSource.class).getConnection()) {
            return connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A bean of the running platform, for a test that looks at an internal part (e.g. the TCP listeners' ports). */
    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
