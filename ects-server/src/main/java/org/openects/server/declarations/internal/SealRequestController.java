package org.openects.server.declarations.internal;

import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.server.identity.CurrentUser;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Organisations;
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
 * The seal requests API: a trader asks for seals on its declaration, an officer (or the customs system) approves or
 * refuses; a trader reads its own requests, a seal provider those addressed to it, customs all of them.
 */
@RestController
@RequestMapping("/api/v1/seal-requests")
class SealRequestController {

    private final SealRequestService service;
    private final JdbcSealRequests requests;
    private final Organisations organisations;

    SealRequestController(SealRequestService service, JdbcSealRequests requests, Organisations organisations) {
        this.service = service;
        this.requests = requests;
        this.organisations = organisations;
    }

    /** The seal provider organisations a trader may address a request to, by name. */
    @GetMapping("/providers")
    @PreAuthorize("hasAnyRole('TRADER', 'OFFICER', 'CUSTOMS_SYSTEM')")
    List<Provider> providers() {
        return organisations.all().stream()
                .filter(o -> o.type() == OrganisationType.SEAL_PROVIDER)
                .map(o -> new Provider(o.id(), o.name()))
                .toList();
    }

    /**
     * A seal provider organisation.
     *
     * @param id its id, for {@code providerOrganisationId}
     * @param name its name
     */
    record Provider(long id, String name) {}

    @PostMapping
    @PreAuthorize("hasRole('TRADER')")
    ResponseEntity<SealRequest> request(@RequestBody SealRequestBody body, CurrentUser user) {
        SealRequest filed = service.request(body, user);
        return ResponseEntity.created(URI.create("/api/v1/seal-requests/" + filed.id()))
                .body(filed);
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('TRADER', 'SEAL_PROVIDER', 'OFFICER', 'OPERATOR', 'ADMIN', 'AUDITOR', 'CUSTOMS_SYSTEM')")
    List<SealRequest> list(CurrentUser user) {
        return requests.listVisible(user);
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAnyRole('TRADER', 'SEAL_PROVIDER', 'OFFICER', 'OPERATOR', 'ADMIN', 'AUDITOR', 'CUSTOMS_SYSTEM')")
    SealRequest get(@PathVariable long id, CurrentUser user) {
        return requests.findVisible(id, user).orElseThrow(() -> new NotFoundException("no seal request " + id));
    }

    @PostMapping("/{id}/approve")
    @PreAuthorize("hasAnyRole('OFFICER', 'CUSTOMS_SYSTEM')")
    SealRequest approve(@PathVariable long id, CurrentUser user) {
        return service.approve(id, user);
    }

    @PostMapping("/{id}/refuse")
    @PreAuthorize("hasAnyRole('OFFICER', 'CUSTOMS_SYSTEM')")
    SealRequest refuse(
            @PathVariable long id, @RequestBody(required = false) @Nullable RefusalBody body, CurrentUser user) {
        return service.refuse(id, body == null ? null : body.reason(), user);
    }
}
