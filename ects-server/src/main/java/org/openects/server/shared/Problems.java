package org.openects.server.shared;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Builds the problem details OpenECTS returns, so that every module words them the same way. */
public final class Problems {

    /** Name of the extension member that lists invalid fields in a {@link ProblemTypes#VALIDATION} problem. */
    public static final String ERRORS = "errors";

    private Problems() {}

    /** A problem of the given status, type, title (same for every occurrence of the type) and detail (this one). */
    public static ProblemDetail of(HttpStatusCode status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }

    /**
     * A problem answered with {@code Retry-After} (429 or 503): the caller may send again after {@code seconds}.
     */
    public static ResponseEntity<ProblemDetail> retryAfter(
            HttpStatusCode status, long seconds, URI type, String title, String detail) {
        return ResponseEntity.status(status)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(of(status, type, title, detail));
    }

    /** The whole seconds a caller waits for {@code wait} to pass, rounded up, at least 1 (a {@code Retry-After}). */
    public static long retrySeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    /** A 400 validation problem listing the invalid fields. */
    public static ProblemDetail validation(List<FieldProblem> errors) {
        String detail = errors.size() == 1
                ? "Field '" + errors.getFirst().field() + "' "
                        + errors.getFirst().message() + "."
                : errors.size() + " fields are invalid.";
        ProblemDetail problem =
                of(HttpStatusCode.valueOf(400), ProblemTypes.VALIDATION, "The request has invalid fields", detail);
        problem.setProperty(ERRORS, List.copyOf(errors));
        return problem;
    }
}
