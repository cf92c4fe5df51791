package org.openects.server.ingress.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.openects.codec.iridium.DirectIpMt;
import org.openects.codec.iridium.MtConfirmation;
import org.openects.codec.iridium.MtMessage;
import org.openects.domain.DeviceId;
import org.openects.server.ingress.IngressProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sends mobile-terminated (MT) messages to Iridium devices through the gateway's DirectIP MT port ({@code
 * ects.ingress.iridium.mt.*}): for each message a new TCP connection to the gateway, the MT message (header with a
 * unique client message id and the IMEI, payload), the gateway's confirmation read back, and the connection closed.
 * Each exchange runs on a virtual thread of its own, never on a Netty event loop or an ingest partition thread. A
 * confirmation with a negative status fails the message with the status named; so do an unreachable or silent
 * gateway and an answer that is not the confirmation of that message. Every failure is logged at WARN with its
 * reason (a missing gateway once: it fails every message alike).
 */
@Component
class IridiumMtClient implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(IridiumMtClient.class);

    /** The message of a send when no gateway is set: names the settings. */
    static final String NOT_CONFIGURED = "no Iridium MT gateway is configured (set " + IngressProperties.Mt.SETTINGS
            + "): Iridium devices get neither commands nor time responses";

    private final IngressProperties.Mt settings;
    private final ExecutorService exchanges = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("iridium-mt-", 0).factory());
    /** Set once the first message found no gateway: said at WARN once, not for every message. */
    private final AtomicBoolean warnedUnconfigured = new AtomicBoolean();
    /** The unique client message ids, unsigned 32-bit, from a random start so that a restart is unlikely to reuse them. */
    private final AtomicLong clientMessageIds = new AtomicLong(new SecureRandom().nextInt() & 0xffff_ffffL);

    IridiumMtClient(IngressProperties properties) {
        this.settings = properties.iridium().mt();
        if (!settings.configured()) {
            log.info(
                    "No Iridium MT gateway set ({}): commands and time responses to Iridium devices will fail",
                    IngressProperties.Mt.SETTINGS);
        }
    }

    /** Whether a gateway is set. */
    boolean configured() {
        return settings.configured();
    }

    /**
     * Sends {@code payload} to the modem {@code device} (its IMEI) as one MT message.
     *
     * @return completes with the gateway's confirmation once it accepted the message (status 0 or more: its place in
     *     the modem's MT queue); completes exceptionally, with a message that says why, when no gateway is set, the
     *     device id is not an IMEI, the payload exceeds 270 bytes, the gateway cannot be reached or does not confirm
     *     in time, or it refused the message
     */
    CompletableFuture<MtConfirmation> send(DeviceId device, byte[] payload) {
        if (!settings.configured()) {
            if (!warnedUnconfigured.getAndSet(true)) {
                log.warn(
                        "A message for Iridium device {} cannot be sent, nor any later one: {}",
                        device,
                        NOT_CONFIGURED);
            }
            return CompletableFuture.failedFuture(new IllegalStateException(NOT_CONFIGURED));
        }
        MtMessage message = MtMessage.of(nextClientMessageId(), device.value(), payload);
        byte[] bytes;
        try {
            bytes = DirectIpMt.encode(message);
        } catch (IllegalArgumentException e) {
            String reason = "cannot send to " + device + " as an Iridium MT message: " + e.getMessage();
            log.warn("Iridium MT message {} not sent: {}", message.clientMessageId(), reason);
            return CompletableFuture.failedFuture(new IllegalArgumentException(reason));
        }
        try {
            return CompletableFuture.supplyAsync(() -> exchange(message, bytes), exchanges);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the Iridium MT client is stopped"));
        }
    }

    private long nextClientMessageId() {
        return clientMessageIds.getAndIncrement() & 0xffff_ffffL;
    }

    /** One connection: the message out, the confirmation in. Blocking: runs on a virtual thread. */
    private MtConfirmation exchange(MtMessage message, byte[] bytes) {
        String gateway = settings.host() + ":" + settings.port();
        String what = "Iridium MT message " + message.clientMessageId() + " for IMEI " + message.imei();
        MtConfirmation confirmation;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(settings.host(), settings.port()), (int)
                    Math.max(1, settings.connectTimeout().toMillis()));
            socket.setSoTimeout((int) Math.max(1, settings.readTimeout().toMillis()));
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            byte[] answer = readConfirmation(socket.getInputStream());
            if (answer.length == 0) {
                throw failure(what, "the gateway " + gateway + " closed the connection without a confirmation");
            }
            confirmation = switch (DirectIpMt.parseConfirmation(answer, message)) {
                case DirectIpMt.Result.Parsed<MtConfirmation>(MtConfirmation c) -> c;
                case DirectIpMt.Result.Refused<MtConfirmation>(String reason) ->
                    throw failure(what, "the gateway " + gateway + " answered no valid confirmation: " + reason);
            };
        } catch (SocketTimeoutException e) {
            throw failure(what, "no confirmation from the gateway " + gateway + " within " + settings.readTimeout());
        } catch (IOException e) {
            throw failure(what, "the gateway " + gateway + " cannot be reached: " + e);
        }
        if (!confirmation.accepted()) {
            throw failure(what, "the Iridium gateway refused it, " + confirmation.describeStatus());
        }
        log.debug("{} {} (auto ID {})", what, confirmation.describeStatus(), confirmation.autoIdReference());
        return confirmation;
    }

    /** Revision, overall length, and as many bytes as the length says (fewer when the gateway closes first). */
    private static byte[] readConfirmation(InputStream in) throws IOException {
        byte[] head = in.readNBytes(3);
        if (head.length < 3) {
            return head;
        }
        byte[] rest = in.readNBytes((head[1] & 0xff) << 8 | (head[2] & 0xff));
        byte[] whole = new byte[3 + rest.length];
        System.arraycopy(head, 0, whole, 0, 3);
        System.arraycopy(rest, 0, whole, 3, rest.length);
        return whole;
    }

    /** Logs the failure and makes the exception the caller sees: its message is the whole reason, with no cause. */
    private static IridiumMtException failure(String what, String reason) {
        log.warn("{} failed: {}", what, reason);
        return new IridiumMtException(what + " not delivered: " + reason);
    }

    /** Why an MT message was not delivered. */
    static final class IridiumMtException extends RuntimeException {
        IridiumMtException(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public void destroy() {
        exchanges.shutdownNow();
    }
}
