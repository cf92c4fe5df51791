package org.openects.server.declarations.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.stereotype.Component;

/**
 * The configured document types ({@code ects.procedure.document-types}), checked at start: a bad entry (no code, a
 * code twice, an unknown reference rule, a pattern missing or not a regular expression, a validity that is not
 * positive) stops the start naming it.
 */
@Component
class DocumentTypes {

    private static final Pattern CODE = Pattern.compile("[A-Z0-9_]{1,32}");

    private final Map<String, DocumentType> types;
    private final List<DocumentType> ordered;

    DocumentTypes(ProcedureProperties properties) {
        Map<String, DocumentType> byCode = new LinkedHashMap<>();
        for (ProcedureProperties.DocumentTypeEntry entry : properties.documentTypes()) {
            DocumentType type = check(entry);
            if (byCode.putIfAbsent(type.code(), type) != null) {
                throw new IllegalStateException("ects.procedure.document-types: code " + type.code() + " twice");
            }
        }
        this.types = Map.copyOf(byCode);
        this.ordered = List.copyOf(byCode.values());
    }

    Optional<DocumentType> find(String code) {
        return Optional.ofNullable(types.get(code));
    }

    /** Every type, in the configured order. */
    Collection<DocumentType> all() {
        return ordered;
    }

    private static DocumentType check(ProcedureProperties.DocumentTypeEntry entry) {
        String where = "ects.procedure.document-types entry " + entry.code();
        if (entry.code() == null || !CODE.matcher(entry.code()).matches()) {
            throw new IllegalStateException(where + ": the code must be 1-32 capital letters, digits or _");
        }
        if (entry.name() == null || entry.name().isBlank()) {
            throw new IllegalStateException(where + ": a name is required");
        }
        if (entry.validity() == null
                || entry.validity().isNegative()
                || entry.validity().isZero()) {
            throw new IllegalStateException(where + ": the validity must be positive");
        }
        String rule = entry.referenceRule() == null
                ? "PATTERN"
                : entry.referenceRule().toUpperCase(Locale.ROOT);
        return switch (rule) {
            case "MRN" ->
                new DocumentType(
                        entry.code(),
                        entry.name(),
                        null,
                        "an 18-character Movement Reference Number with its check character",
                        entry.validity(),
                        entry.sealRequests());
            case "PATTERN" -> {
                if (entry.referencePattern() == null || entry.referencePattern().isBlank()) {
                    throw new IllegalStateException(where + ": reference-rule PATTERN needs a reference-pattern");
                }
                Pattern pattern;
                try {
                    pattern = Pattern.compile(entry.referencePattern());
                } catch (PatternSyntaxException e) {
                    throw new IllegalStateException(where + ": reference-pattern is not a regular expression", e);
                }
                String description = entry.referenceDescription() == null
                                || entry.referenceDescription().isBlank()
                        ? "text matching " + entry.referencePattern()
                        : entry.referenceDescription();
                yield new DocumentType(
                        entry.code(), entry.name(), pattern, description, entry.validity(), entry.sealRequests());
            }
            default -> throw new IllegalStateException(where + ": reference-rule must be MRN or PATTERN, was " + rule);
        };
    }
}
