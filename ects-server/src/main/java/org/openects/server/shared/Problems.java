package org.openects.server.shared;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

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
