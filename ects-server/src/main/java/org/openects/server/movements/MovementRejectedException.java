package org.openects.server.movements;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A movement request that conflicts with what exists: 409 Conflict on the API. */
public class MovementRejectedException extends ErrorResponseException {

    public MovementRejectedException(String detail) {
        super(HttpStatus.CONFLICT, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setType(URI.create("https://openects.org/problems/conflict"));
        problem.setTitle("Conflict");
        return problem;
    }
}
