package org.openects.server.declarations.internal;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the customs procedure, under {@code ects.procedure}.
 *
 * @param documentTypes the customs documents a declaration may be filed under (the defaults are in {@code
 *     application.yml}; setting the list replaces it whole)
 * @param sealRequests how seal requests are approved
 */
@ConfigurationProperties("ects.procedure")
public record ProcedureProperties(
        @DefaultValue List<DocumentTypeEntry> documentTypes,
        @DefaultValue SealRequests sealRequests) {

    /**
     * One document type as configured.
     *
     * @param code its code in the API, such as {@code MRN} (capital letters, digits and {@code _})
     * @param name its name, for people
     * @param referenceRule how a reference is checked: {@code MRN} ({@link org.openects.domain.customs.Mrn}, with its
     *     check character) or {@code PATTERN} ({@code referencePattern})
     * @param referencePattern for {@code PATTERN}: a regular expression the whole reference (trimmed, upper case)
     *     must match
     * @param referenceDescription the rule in words, for the problem detail of a refused reference
     * @param validity how long after filing a declaration of this type may be used for a seal request
     * @param sealRequests whether a declaration of this type may be used for an e-seal request
     */
    public record DocumentTypeEntry(
            String code,
            String name,
            @DefaultValue("PATTERN") String referenceRule,
            @Nullable String referencePattern,
            @Nullable String referenceDescription,
            @DefaultValue("30d") Duration validity,
            @DefaultValue("true") boolean sealRequests) {}

    /**
     * How seal requests are approved.
     *
     * @param autoApprove the rule that approves a request at once, when it is filed
     */
    public record SealRequests(@DefaultValue AutoApprove autoApprove) {}

    /**
     * The automatic approval rule. When {@code enabled}, a request is approved as it is filed if its declaration's
     * type is one of {@code documentTypes} (an empty list: any type) and its declarant is one of {@code
     * declarantOrganisations} (organisation names; an empty list: any declarant). Off by default: an officer approves.
     *
     * @param enabled whether the rule applies at all
     * @param documentTypes document type codes whose declarations are approved at once
     * @param declarantOrganisations names of trusted declarant organisations whose requests are approved at once
     */
    public record AutoApprove(
            @DefaultValue("false") boolean enabled,
            @DefaultValue List<String> documentTypes,
            @DefaultValue List<String> declarantOrganisations) {}
}
