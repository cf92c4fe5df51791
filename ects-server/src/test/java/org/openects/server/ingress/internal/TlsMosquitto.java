package org.openects.server.ingress.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Mosquitto of the test's own on a free loopback port, stopped with the JVM. {@link #start()} gives one with only a
 * TLS listener requiring client certificates: a certificate authority, a server certificate for 127.0.0.1 and
 * localhost, and a client certificate (in a PKCS#12 key store) are made with {@code openssl} in a temporary directory.
 * {@link #run} starts one with the listener settings given.
 */
final class TlsMosquitto {

    static final String MOSQUITTO = "/usr/sbin/mosquitto";
    static final String KEY_STORE_PASSWORD = "changeit";

    final Path dir;
    final int port;
    private final Process process;

    private TlsMosquitto(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** The authority's certificate (PEM) that signed the broker's and the client's certificates. */
    Path caFile() {
        return dir.resolve("ca.pem");
    }

    /** The client certificate and key, PKCS#12, password {@link #KEY_STORE_PASSWORD}. */
    Path clientKeyStore() {
        return dir.resolve("client.p12");
    }

    /** A broker with only a TLS listener that requires a client certificate signed by {@link #caFile()}. */
    static TlsMosquitto start() {
        requireMosquitto();
        try {
            Path dir = Files.createTempDirectory("ects-tls-broker");
            openssl(dir, "req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=ects-test-ca");
            openssl(dir, "req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost");
            Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            openssl(
                    dir,
                    "x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2"
                            + " -extfile server.ext");
            openssl(dir, "req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj /CN=openects-platform");
            openssl(dir, "x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 2");
            openssl(
                    dir,
                    "pkcs12 -export -in client.pem -inkey client.key -out client.p12 -passout pass:"
                            + KEY_STORE_PASSWORD);
            return run(
                    dir,
                    List.of(
                            "cafile " + dir.resolve("ca.pem"),
                            "certfile " + dir.resolve("server.pem"),
                            "keyfile " + dir.resolve("server.key"),
                            "require_certificate true",
                            "allow_anonymous true"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot set up the TLS broker: " + e.getMessage(), e);
        }
    }

    /** Fails with a clear message when Mosquitto is not installed where the tests expect it. */
    static void requireMosquitto() {
        if (!Files.isExecutable(Path.of(MOSQUITTO))) {
            throw new IllegalStateException("These broker tests start a Mosquitto of their own from " + MOSQUITTO
                    + " (apt-get install mosquitto); it is not there.");
        }
    }

    /** Starts Mosquitto on a free loopback port, {@code settings} after its listener line, its files in {@code dir}. */
    static TlsMosquitto run(Path dir, List<String> settings) {
        requireMosquitto();
        try {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            List<String> config = new ArrayList<>();
            config.add("per_listener_settings false");
            config.add("persistence false");
            config.add("max_inflight_messages 1000");
            config.add("listener " + port + " 127.0.0.1");
            config.addAll(settings);
            config.add("");
            Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n", config));
            // Mosquitto started as root drops to its own user: it must be able to read these files.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
            Process process = new ProcessBuilder(
                            MOSQUITTO, "-c", dir.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto.log").toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            TlsMosquitto broker = new TlsMosquitto(dir, port, process);
            broker.awaitListening();
            return broker;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start Mosquitto: " + e.getMessage(), e);
        }
    }

    /** Stops the broker. */
    void stop() {
        process.destroy();
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                sleep();
            }
        }
        throw new IllegalStateException(
                "Mosquitto did not listen on " + port + ": " + Files.readString(dir.resolve("mosquitto.log")));
    }

    /** Runs a command (its arguments separated by spaces) in {@code dir}; fails with its output. */
    static void run(Path dir, String command) throws IOException {
        Process p = new ProcessBuilder(List.of(command.split(" ")))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(command + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void openssl(Path dir, String args) throws IOException {
        run(dir, "openssl " + args);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
