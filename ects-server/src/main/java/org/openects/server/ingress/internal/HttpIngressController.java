package org.openects.server.ingress.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
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
import org.openects.server.ingress.IngressOutcome;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/ingest/openects}: a device posts one native protocol message. No account: the message's own
 * signature is the credential. The answer comes once the message is archived: 202 with what became of it (accepted,
 * or refused with the reason — the bytes are kept either way), 503 if the platform is shutting down.
 */
@RestController
class HttpIngressController {

    private static final long ANSWER_TIMEOUT_SECONDS = 30;

    private final IngestPipeline pipeline;
    private final FrameCodec codec;

    HttpIngressController(IngestPipeline pipeline, NativeCodecs codecs) {
        this.pipeline = pipeline;
        this.codec = codecs.openects();
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
    ResponseEntity<IngestAnswer> ingest(
            @RequestBody(required = false) byte @Nullable [] body, HttpServletRequest request)
            throws InterruptedException {
        Instant receivedAt = Instant.now();
        CompletableFuture<IngestAnswer> answer = new CompletableFuture<>();
        pipeline.offer(new InboundMessage(
                body == null ? new byte[0] : body,
                "HTTP",
                request.getRemoteAddr(),
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
        try {
            IngestAnswer result = answer.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return result == null
                    ? ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build()
                    : ResponseEntity.status(HttpStatus.ACCEPTED).body(result);
        } catch (ExecutionException | TimeoutException e) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
        }
    }
}
