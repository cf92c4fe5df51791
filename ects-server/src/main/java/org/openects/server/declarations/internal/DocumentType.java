package org.openects.server.declarations.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.openects.domain.customs.CustomsReferenceException;
import org.openects.domain.customs.Mrn;

/**
 * A customs document a declaration may be filed under, and the rule its reference follows.
 *
 * @param code its code, such as {@code MRN} or {@code BC12}
 * @param name its name, for people
 * @param pattern the pattern a reference matches, or {@code null} for an MRN (checked by {@link Mrn})
 * @param referenceDescription the reference rule in words
 * @param validity how long after filing the declaration may be used for a seal request
 * @param sealRequests whether a declaration of this type may be used for an e-seal request
 */
record DocumentType(
        String code,
        String name,
        @Nullable Pattern pattern,
        String referenceDescription,
        Duration validity,
        boolean sealRequests) {

    /** The rule code of a reference that does not match a type's pattern. */
    static final String REFERENCE_FORMAT = "declaration.reference-format";

    /**
     * The reference normalised (trimmed, upper case).
     *
     * @throws CustomsReferenceException naming the broken rule ({@code mrn.*} for an MRN, else {@link
     *     #REFERENCE_FORMAT})
     */
    String normalise(@Nullable String reference) {
        if (pattern == null) {
            return Mrn.parse(reference == null ? null : reference.trim()).value();
        }
        String normalised = reference == null ? "" : reference.trim().toUpperCase(Locale.ROOT);
        if (!pattern.matcher(normalised).matches()) {
            throw new CustomsReferenceException(
                    REFERENCE_FORMAT,
                    "a " + code + " reference is " + referenceDescription + ", got "
                            + (reference == null ? "none" : "\"" + reference + "\""));
        }
        return normalised;
    }
}
