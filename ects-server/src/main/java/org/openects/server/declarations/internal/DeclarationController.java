package org.openects.server.declarations.internal;

import java.net.URI;
import java.util.List;
import org.openects.server.identity.CurrentUser;
import org.openects.server.shared.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The declarations API: a trader files for its own organisation, an officer or the customs system for a trader it
 * names; each caller reads the declarations it may see (customs all, a trader its own, a transporter those naming it).
 */
@RestController
@RequestMapping("/api/v1/declarations")
class DeclarationController {

    private final DeclarationService service;
    private final JdbcDeclarations declarations;
    private final DocumentTypes types;

    DeclarationController(DeclarationService service, JdbcDeclarations declarations, DocumentTypes types) {
        this.service = service;
        this.declarations = declarations;
        this.types = types;
    }

    @PostMapping
    @PreAuthorize("hasAnyRole('TRADER', 'OFFICER', 'CUSTOMS_SYSTEM')")
    ResponseEntity<Declaration> file(@RequestBody DeclarationRequest request, CurrentUser user) {
        Declaration filed = service.file(request, user);
        return ResponseEntity.created(URI.create("/api/v1/declarations/" + filed.id()))
                .body(filed);
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('TRADER', 'TRANSPORTER', 'OFFICER', 'OPERATOR', 'ADMIN', 'AUDITOR', 'CUSTOMS_SYSTEM')")
    List<Declaration> list(CurrentUser user) {
        return declarations.listVisible(user);
    }

    /** The configured document types, for the filing form. */
    @GetMapping("/document-types")
    @PreAuthorize("hasAnyRole('TRADER', 'TRANSPORTER', 'OFFICER', 'OPERATOR', 'ADMIN', 'AUDITOR', 'CUSTOMS_SYSTEM')")
    List<TypeView> documentTypes() {
        return types.all().stream()
                .map(t -> new TypeView(
                        t.code(),
                        t.name(),
                        t.referenceDescription(),
                        t.validity().toString(),
                        t.sealRequests()))
                .toList();
    }

    /**
     * A document type as the API shows it.
     *
     * @param code its code
     * @param name its name
     * @param reference its reference rule in words
     * @param validity how long after filing a declaration may be used for a seal request (ISO 8601 duration)
     * @param sealRequests whether it may be used for an e-seal request
     */
    record TypeView(String code, String name, String reference, String validity, boolean sealRequests) {}

    @GetMapping("/{id}")
    @PreAuthorize("hasAnyRole('TRADER', 'TRANSPORTER', 'OFFICER', 'OPERATOR', 'ADMIN', 'AUDITOR', 'CUSTOMS_SYSTEM')")
    Declaration get(@PathVariable long id, CurrentUser user) {
        return declarations.findVisible(id, user).orElseThrow(() -> new NotFoundException("no declaration " + id));
    }
}
