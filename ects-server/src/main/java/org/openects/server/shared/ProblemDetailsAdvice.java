package org.openects.server.shared;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns exceptions thrown by controllers into RFC 9457 problem details with a {@link ProblemTypes stable type}.
 * Standard Spring MVC exceptions (405, 406, 415...) keep Spring's problem details. Runs last, so that a module may put
 * a more specific advice in front of it. Unexpected exceptions are left to Spring Boot's error handling.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException e) {
        return Problems.validation(e.errors());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail illegalArgument(IllegalArgumentException e) {
        String detail = e.getMessage() == null ? "A value in the request was rejected." : e.getMessage();
        return Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_ARGUMENT, "A value was rejected", detail);
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Conflict", e.getMessage());
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ProblemDetail duplicateKey(DuplicateKeyException e) {
        log.debug("Duplicate key", e);
        return Problems.of(
                HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Conflict", "A record with the same key already exists.");
    }

    /**
     * A constraint of the database that no validation caught first (a value longer than its column, a reference to a
     * row that is gone). The request is refused whole; the details stay in the log, not in the answer.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail dataIntegrity(DataIntegrityViolationException e) {
        log.warn(
                "A request was refused by a database constraint: {}",
                e.getMostSpecificCause().getMessage());
        return Problems.of(
                HttpStatus.BAD_REQUEST,
                ProblemTypes.INVALID_ARGUMENT,
                "A value was rejected",
                "A value in the request could not be stored (too long, or referring to something that does not"
                        + " exist); nothing was changed.");
    }

    /**
     * Any other database failure (a lost connection, a timeout, a statement the database refused): the client learns
     * that the request failed and whether to try again, never the database's text (SQL, table and constraint names),
     * which goes to the log with a reference that the answer repeats.
     */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> dataAccess(DataAccessException e) {
        String reference = java.util.UUID.randomUUID().toString().substring(0, 8);
        boolean transientFailure = e instanceof TransientDataAccessException
                || e instanceof RecoverableDataAccessException
                || e instanceof DataAccessResourceFailureException;
        log.error("Database failure answered as problem reference {}", reference, e);
        HttpStatus status = transientFailure ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.INTERNAL_SERVER_ERROR;
        ProblemDetail problem = Problems.of(
                status,
                ProblemTypes.DATABASE,
                "The request could not be completed",
                (transientFailure
                                ? "The database is unavailable for the moment; try again later."
                                : "The database could not complete the request; nothing was changed.")
                        + " Reference " + reference + " (in the server log).");
        problem.setProperty("reference", reference);
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
        if (transientFailure) {
            answer.header(HttpHeaders.RETRY_AFTER, "5");
        }
        return answer.body(problem);
    }

    @ExceptionHandler(AuthenticationException.class)
    ProblemDetail unauthenticated(AuthenticationException e) {
        return unauthenticated();
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail accessDenied(AccessDeniedException e) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null
                || authentication instanceof AnonymousAuthenticationToken
                || !authentication.isAuthenticated()) {
            return unauthenticated();
        }
        return Problems.of(
                HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", "Your roles do not allow this request.");
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(error.getField(), message(error)));
        }
        for (ObjectError error : e.getBindingResult().getGlobalErrors()) {
            errors.add(new FieldProblem(error.getObjectName(), message(error)));
        }
        return validation(errors, e, headers, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                String field = error instanceof FieldError fieldError ? fieldError.getField() : name;
                errors.add(new FieldProblem(field == null ? "argument" : field, message(error)));
            }
        });
        return validation(errors, e, headers, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = e.getPropertyName() == null ? "argument" : e.getPropertyName();
        Class<?> type = e.getRequiredType();
        String expected = type == null ? "a valid value" : describe(type);
        return validation(List.of(new FieldProblem(field, "must be " + expected)), e, headers, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (e.getCause() instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch.getPath());
            String expected = mismatch instanceof InvalidFormatException invalid
                    ? describe(invalid.getTargetType())
                    : mismatch.getTargetType() == null ? "a valid value" : describe(mismatch.getTargetType());
            return validation(List.of(new FieldProblem(field, "must be " + expected)), e, headers, request);
        }
        ProblemDetail problem = Problems.of(
                HttpStatus.BAD_REQUEST,
                ProblemTypes.MALFORMED_REQUEST,
                "The request body could not be read",
                "The body is missing or is not valid JSON of the expected shape.");
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private @Nullable ResponseEntity<Object> validation(
            List<FieldProblem> errors, Exception e, HttpHeaders headers, WebRequest request) {
        List<FieldProblem> sorted = errors.stream()
                .sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message))
                .toList();
        return handleExceptionInternal(e, Problems.validation(sorted), headers, HttpStatus.BAD_REQUEST, request);
    }

    private static ProblemDetail unauthenticated() {
        return Problems.of(
                HttpStatus.UNAUTHORIZED,
                ProblemTypes.UNAUTHENTICATED,
                "Authentication required",
                "Log in (session) or send a valid bearer token.");
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(Object::toString)
                            .collect(Collectors.joining(", "));
        }
        if (type.isArray() || Iterable.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "a valid " + type.getSimpleName();
    }

    private static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
