package org.openects.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openects.codec.iridium.DirectIpMt;
import org.openects.codec.iridium.MtConfirmation;
import org.openects.codec.iridium.MtMessage;

/**
 * Plays the Iridium gateway's DirectIP mobile-terminated port for the integration tests: a TCP server on the loopback
 * interface that reads one MT message per connection with the codec, keeps it, answers the confirmation of that
 * message with the status chosen for its IMEI (0, queued first, unless told otherwise), and closes. What it cannot
 * read as an MT message is kept as a refusal and answered with nothing.
 */
public final class IridiumGatewayDouble implements AutoCloseable {

    private final ServerSocket server;
    private final Map<String, BlockingQueue<MtMessage>> received = new ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final AtomicLong autoIds = new AtomicLong(1000);

    public IridiumGatewayDouble() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the Iridium gateway double", e);
        }
        Thread.ofPlatform().daemon().name("iridium-gateway-double").start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Answers the next messages for {@code imei} with {@code status} (negative: refused, see the DirectIP codes). */
    public void answer(String imei, int status) {
        statuses.put(imei, status);
    }

    /** The next MT message received for {@code imei}; fails the test when none arrives within {@code timeout}. */
    public MtMessage next(String imei, Duration timeout) {
        try {
            MtMessage message = queue(imei).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no MT message for IMEI " + imei + " within " + timeout
                        + (refusals.isEmpty() ? "" : "; unreadable messages: " + refusals));
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Whether no MT message for {@code imei} arrives within {@code wait}. */
    public boolean quietFor(String imei, Duration wait) throws InterruptedException {
        return queue(imei).poll(wait.toMillis(), TimeUnit.MILLISECONDS) == null;
    }

    /** Why the messages it could not read were refused. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    private BlockingQueue<MtMessage> queue(String imei) {
        return received.computeIfAbsent(imei, i -> new LinkedBlockingQueue<>());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                Thread.ofVirtual().start(() -> serve(connection));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket connection) {
        try (Socket socket = connection) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(3);
            byte[] rest = head.length < 3 ? new byte[0] : in.readNBytes((head[1] & 0xff) << 8 | (head[2] & 0xff));
            byte[] frame = new byte[head.length + rest.length];
            System.arraycopy(head, 0, frame, 0, head.length);
            System.arraycopy(rest, 0, frame, head.length, rest.length);
            switch (DirectIpMt.parseMessage(frame)) {
                case DirectIpMt.Result.Parsed<MtMessage>(MtMessage message) -> {
                    int status = statuses.getOrDefault(message.imei(), 0);
                    socket.getOutputStream()
                            .write(DirectIpMt.encodeConfirmation(new MtConfirmation(
                                    message.clientMessageId(), message.imei(), autoIds.getAndIncrement(), status)));
                    socket.getOutputStream().flush();
                    queue(message.imei()).add(message);
                }
                case DirectIpMt.Result.Refused<MtMessage>(String reason) -> refusals.add(reason);
            }
        } catch (IOException e) {
            refusals.add("connection failed: " + e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
