package org.openects.server.ingress.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.openects.codec.DecodeContext;
import org.openects.codec.FrameCodec;
import org.openects.codec.RejectReason;
import org.openects.domain.Channel;
import org.openects.server.identity.ClientAddresses;
import org.openects.server.ingress.IngressOutcome;
import org.openects.server.ingress.IngressProperties;
import org.openects.server.shared.AddressBuckets;
import org.openects.server.shared.ProblemResponseWriter;
import org.openects.server.shared.ProblemTypes;
import org.openects.server.shared.Problems;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/ingest/openects}: a device posts one native protocol message. No account: the message's own
 * signature is the credential. The answer comes once the message is archived: 202 with what became of it (accepted,
 * or refused with the reason — the bytes are kept either way), 503 if the platform is shutting down.
 *
 * <p>Bounded, since anyone may call: each client address may post {@code ects.ingress.http.requests-per-minute}
 * (then 429 with {@code Retry-After}); a body over {@code ects.ingress.http.max-body-bytes} is refused with 413 before
 * it is read when its length is declared, or as soon as the read passes the limit (chunked), so that nothing beyond
 * the limit is held; and a request thread never waits for room in the ingest pipeline: when the partition the request
 * falls to (each request gets a random partition key, not its device's) is full the answer is 503 with {@code
 * Retry-After}.
 */
@RestController
class HttpIngressController {

    private static final long ANSWER_TIMEOUT_SECONDS = 30;
    /** What a device is told to wait when the pipeline is full: the partitions drain a batch in well under this. */
    private static final long BUSY_RETRY_SECONDS = 1;

    private static final URI PAYLOAD_TOO_LARGE = URI.create(ProblemTypes.BASE + "payload-too-large");
    private static final URI UNAVAILABLE = URI.create(ProblemTypes.BASE + "unavailable");

    private final IngestPipeline pipeline;
    private final FrameCodec codec;
    private final ProblemResponseWriter problems;
    private final int maxBodyBytes;
    private final AddressBuckets rate;
    private final ClientAddresses clients;

    @Autowired
    HttpIngressController(
            IngestPipeline pipeline,
            NativeCodecs codecs,
            ProblemResponseWriter problems,
            IngressProperties properties,
            ClientAddresses clients) {
        this(pipeline, codecs, problems, properties, clients, Clock.systemUTC());
    }

    HttpIngressController(
            IngestPipeline pipeline,
            NativeCodecs codecs,
            ProblemResponseWriter problems,
            IngressProperties properties,
            ClientAddresses clients,
            Clock clock) {
        this.clients = clients;
        this.pipeline = pipeline;
        this.codec = codecs.openects();
        this.problems = problems;
        this.maxBodyBytes = properties.http().maxBodyBytes();
        this.rate = new AddressBuckets(properties.http().requestsPerMinute(), clock);
    }

    /**
     * What became of a posted message.
     *
     * @param outcome {@code ACCEPTED}, {@code DUPLICATE} or {@code REJECTED}
     * @param reason why it was refused, when it was
     * @param detail a human explanation
     */
    record IngestAnswer(
            IngressOutcome outcome,
            @Nullable String reason,
            @Nullable String detail) {}

    @PostMapping(path = "/api/v1/ingest/openects")
    @Nullable
    ResponseEntity<?> ingest(HttpServletRequest request, HttpServletResponse response)
            throws IOException, InterruptedException {
        // Behind a trusted reverse proxy (ects.identity.trusted-proxies) the device's own address, else the socket's.
        String address = clients.of(request);
        Optional<Duration> wait = rate.take(address);
        if (wait.isPresent()) {
            long seconds = Problems.retrySeconds(wait.get());
            return Problems.retryAfter(
                    HttpStatus.TOO_MANY_REQUESTS,
                    seconds,
                    ProblemTypes.TOO_MANY_REQUESTS,
                    "Too many requests",
                    "Too many messages from this address; retry after " + seconds + " s.");
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            tooLarge(
                    request,
                    response,
                    "The body's declared length, " + declared + " bytes, is over the limit of " + maxBodyBytes
                            + " bytes.");
            return null;
        }
        byte[] body = readAtMost(request.getInputStream(), maxBodyBytes);
        if (body == null) {
            tooLarge(request, response, "The body is over the limit of " + maxBodyBytes + " bytes.");
            return null;
        }
        Instant receivedAt = Instant.now();
        CompletableFuture<IngestAnswer> answer = new CompletableFuture<>();
        boolean queued = pipeline.tryOffer(new InboundMessage(
                body,
                "HTTP",
                address,
                UUID.randomUUID().toString(),
                receivedAt,
                codec,
                new DecodeContext(receivedAt, Channel.CELLULAR),
                new IngestCallback() {
                    @Override
                    public void stored(
                            IngressOutcome outcome,
                            @Nullable RejectReason reason,
                            @Nullable String detail,
                            byte @Nullable [] reply) {
                        answer.complete(new IngestAnswer(outcome, reason == null ? null : reason.name(), detail));
                    }

                    @Override
                    public void notStored() {
                        answer.complete(null);
                    }
                }));
        if (!queued) {
            return unavailable("The platform is busy archiving what it received; retry after " + BUSY_RETRY_SECONDS
                    + " s. Nothing was kept.");
        }
        try {
            IngestAnswer result = answer.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return result == null
                    ? unavailable("The platform is shutting down; the message was not kept. Send it again.")
                    : ResponseEntity.status(HttpStatus.ACCEPTED).body(result);
        } catch (ExecutionException | TimeoutException e) {
            return unavailable("The message's archiving did not complete in time; send it again.");
        }
    }

    private static ResponseEntity<ProblemDetail> unavailable(String detail) {
        return Problems.retryAfter(
                HttpStatus.SERVICE_UNAVAILABLE, BUSY_RETRY_SECONDS, UNAVAILABLE, "Unavailable, retry later", detail);
    }

    /**
     * Answers 413 at once and closes the connection: the answer is flushed before anything more of the body is read,
     * and the rest of the body is never buffered (the server discards it, or drops the connection).
     */
    private void tooLarge(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        response.setHeader(HttpHeaders.CONNECTION, "close");
        problems.write(
                request,
                response,
                Problems.of(HttpStatus.CONTENT_TOO_LARGE, PAYLOAD_TOO_LARGE, "Payload too large", detail));
        response.flushBuffer();
    }

    /** The stream's bytes, or null as soon as there are more than {@code limit}; never holds more than limit + 1. */
    static byte @Nullable [] readAtMost(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit + 1);
        return bytes.length > limit ? null : bytes;
    }
}
