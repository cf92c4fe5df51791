package org.openects.server.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openects.codec.iridium.DirectIpMt;
import org.openects.codec.iridium.MtConfirmation;
import org.openects.codec.iridium.MtMessage;
import org.openects.domain.DeviceId;
import org.openects.server.ingress.IngressProperties;

/** The MT client against a scripted gateway: every way an exchange can go wrong ends in a failure that says which. */
class IridiumMtClientTest {

    private static final DeviceId MODEM = DeviceId.of("300434067548650");
    private static final byte[] PAYLOAD = {(byte) 0xEC, 1, 2, 3};

    private ServerSocket gateway;
    private IridiumMtClient client;

    @AfterEach
    void close() throws IOException {
        if (client != null) {
            client.destroy();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    /** A gateway that reads one MT message per connection and answers what {@code answer} makes of it. */
    private IridiumMtClient clientOf(Function<MtMessage, byte[]> answer) throws IOException {
        // Each gateway thread serves its own socket: a test that starts a second gateway must not have its
        // connections taken by the first one's thread, which would read the field anew.
        ServerSocket serving = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        gateway = serving;
        Thread.ofVirtual().start(() -> {
            while (!serving.isClosed()) {
                try (Socket socket = serving.accept()) {
                    InputStream in = socket.getInputStream();
                    byte[] head = in.readNBytes(3);
                    byte[] rest = in.readNBytes((head[1] & 0xff) << 8 | (head[2] & 0xff));
                    byte[] frame = new byte[3 + rest.length];
                    System.arraycopy(head, 0, frame, 0, 3);
                    System.arraycopy(rest, 0, frame, 3, rest.length);
                    MtMessage message = ((DirectIpMt.Result.Parsed<MtMessage>) DirectIpMt.parseMessage(frame)).value();
                    byte[] reply = answer.apply(message);
                    if (reply == null) {
                        Thread.sleep(2_000); // silent
                    } else {
                        socket.getOutputStream().write(reply);
                    }
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        });
        return client = client("127.0.0.1", gateway.getLocalPort());
    }

    private static IridiumMtClient client(String host, int port) {
        return new IridiumMtClient(new IngressProperties(
                "127.0.0.1",
                Map.of(),
                Duration.ofMinutes(5),
                new IngressProperties.Iridium(
                        new IngressProperties.Mt(host, port, Duration.ofSeconds(2), Duration.ofMillis(500)),
                        java.util.List.of("127.0.0.1")),
                new IngressProperties.Http(65_536, 600),
                new IngressProperties.Connections(100, 10, Duration.ofMinutes(1)),
                4096));
    }

    private static String failure(IridiumMtClient client, DeviceId device, byte[] payload) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class, () -> client.send(device, payload).get(10, TimeUnit.SECONDS));
        return e.getCause().getMessage();
    }

    @Test
    void aConfirmedMessageCompletesWithItsConfirmation() throws Exception {
        IridiumMtClient mt =
                clientOf(m -> DirectIpMt.encodeConfirmation(new MtConfirmation(m.clientMessageId(), m.imei(), 77, 0)));

        MtConfirmation confirmation = mt.send(MODEM, PAYLOAD).get(10, TimeUnit.SECONDS);

        assertThat(confirmation.imei()).isEqualTo(MODEM.value());
        assertThat(confirmation.autoIdReference()).isEqualTo(77);
        MtConfirmation next = mt.send(MODEM, PAYLOAD).get(10, TimeUnit.SECONDS);
        assertThat(next.clientMessageId())
                .as("each message its own client message id")
                .isEqualTo((confirmation.clientMessageId() + 1) & 0xffff_ffffL);
    }

    @Test
    void aRefusalNamesTheStatus() throws Exception {
        IridiumMtClient mt =
                clientOf(m -> DirectIpMt.encodeConfirmation(new MtConfirmation(m.clientMessageId(), m.imei(), 1, -5)));

        assertThat(failure(mt, MODEM, PAYLOAD))
                .startsWith("Iridium MT message ")
                .endsWith(" for IMEI 300434067548650 not delivered: the Iridium gateway refused it, status -5"
                        + " QUEUE_FULL: MT queue full (max 50)");
    }

    @Test
    void anAnswerThatIsNotTheConfirmationOfThisMessageFailsIt() throws Exception {
        IridiumMtClient mt = clientOf(
                m -> DirectIpMt.encodeConfirmation(new MtConfirmation(m.clientMessageId() ^ 1, m.imei(), 1, 0)));

        assertThat(failure(mt, MODEM, PAYLOAD))
                .contains("answered no valid confirmation: confirmation of client message");
    }

    @Test
    void aGatewayThatClosesOrStaysSilentFailsIt() throws Exception {
        IridiumMtClient closing = clientOf(m -> new byte[0]);
        assertThat(failure(closing, MODEM, PAYLOAD)).endsWith("closed the connection without a confirmation");
        close();

        IridiumMtClient silent = clientOf(m -> null);
        assertThat(failure(silent, MODEM, PAYLOAD)).endsWith("within PT0.5S");
    }

    @Test
    void anUnreachableGatewayFailsIt() throws IOException {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        client = client("127.0.0.1", free);
        assertThat(failure(client, MODEM, PAYLOAD)).contains("the gateway 127.0.0.1:" + free + " cannot be reached");
    }

    @Test
    void whatCannotBeAnMtMessageFailsBeforeAnyConnection() {
        client = client("127.0.0.1", 9);
        assertThat(failure(client, MODEM, new byte[271]))
                .endsWith("MT payload of 271 bytes; a 9602/9603 modem takes 1 to 270");
        assertThat(failure(client, DeviceId.of("ESEAL-0001"), PAYLOAD)).endsWith("IMEI must be 15 digits: ESEAL-0001");
    }

    @Test
    void withoutAGatewayEverySendFailsNamingTheSettings() {
        client = client("", 0);
        assertThat(client.configured()).isFalse();
        assertThat(failure(client, MODEM, PAYLOAD))
                .isEqualTo(IridiumMtClient.NOT_CONFIGURED)
                .contains("ects.ingress.iridium.mt.host", "ects.ingress.iridium.mt.port");
        assertThatThrownBy(() -> client.send(MODEM, PAYLOAD).join()).hasMessageContaining("ects.ingress.iridium.mt");
    }
}
