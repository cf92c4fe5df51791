package org.openects.server.ingress.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Mosquitto of the test's own with only a TLS listener on a free loopback port, requiring client certificates: a
 * certificate authority, a server certificate for 127.0.0.1 and localhost, and a client certificate (in a PKCS#12 key
 * store) are made with {@code openssl} in a temporary directory. Stopped with the JVM.
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

    static TlsMosquitto start() {
        if (!Files.isExecutable(Path.of(MOSQUITTO))) {
            throw new IllegalStateException("The TLS broker tests need Mosquitto at " + MOSQUITTO
                    + " (apt-get install mosquitto); it is not there.");
        }
        try {
            Path dir = Files.createTempDirectory("ects-tls-broker");
            openssl(
                    dir,
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    "ca.key",
                    "-out",
                    "ca.pem",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=ects-test-ca");
            openssl(
                    dir,
                    "req",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    "server.key",
                    "-out",
                    "server.csr",
                    "-subj",
                    "/CN=localhost");
            Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            openssl(
                    dir,
                    "x509",
                    "-req",
                    "-in",
                    "server.csr",
                    "-CA",
                    "ca.pem",
                    "-CAkey",
                    "ca.key",
                    "-CAcreateserial",
                    "-out",
                    "server.pem",
                    "-days",
                    "2",
                    "-extfile",
                    "server.ext");
            openssl(
                    dir,
                    "req",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    "client.key",
                    "-out",
                    "client.csr",
                    "-subj",
                    "/CN=openects-platform");
            openssl(
                    dir,
                    "x509",
                    "-req",
                    "-in",
                    "client.csr",
                    "-CA",
                    "ca.pem",
                    "-CAkey",
                    "ca.key",
                    "-CAcreateserial",
                    "-out",
                    "client.pem",
                    "-days",
                    "2");
            openssl(
                    dir,
                    "pkcs12",
                    "-export",
                    "-in",
                    "client.pem",
                    "-inkey",
                    "client.key",
                    "-out",
                    "client.p12",
                    "-passout",
                    "pass:" + KEY_STORE_PASSWORD);
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Files.writeString(
                    dir.resolve("mosquitto.conf"),
                    String.join(
                            "\n",
                            List.of(
                                    "listener " + port + " 127.0.0.1",
                                    "cafile " + dir.resolve("ca.pem"),
                                    "certfile " + dir.resolve("server.pem"),
                                    "keyfile " + dir.resolve("server.key"),
                                    "require_certificate true",
                                    "allow_anonymous true",
                                    "persistence false",
                                    "max_inflight_messages 1000",
                                    "")));
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
            throw new IllegalStateException("Cannot set up the TLS broker: " + e.getMessage(), e);
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Mosquitto with TLS exited: " + Files.readString(dir.resolve("mosquitto.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                sleep();
            }
        }
        throw new IllegalStateException(
                "Mosquitto with TLS did not listen on " + port + ": " + Files.readString(dir.resolve("mosquitto.log")));
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
