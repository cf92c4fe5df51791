package org.openects.server.identity.internal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.openects.server.identity.CurrentUser;
import org.openects.server.identity.Organisation;
import org.openects.server.identity.OrganisationType;
import org.openects.server.shared.InvalidFieldException;
import org.openects.server.shared.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Administration of organisations. */
@RestController
@RequestMapping("/api/v1/organisations")
@PreAuthorize("hasRole('ADMIN')")
class OrganisationController {

    /** Body of {@code POST /api/v1/organisations}. */
    record CreateOrganisation(
            @NotBlank @Size(max = AccountRules.MAX_ORGANISATION_NAME) @Nullable
            String name,

            @NotNull @Nullable OrganisationType type) {}

    private final JdbcOrganisations organisations;

    OrganisationController(JdbcOrganisations organisations) {
        this.organisations = organisations;
    }

    @GetMapping
    List<Organisation> all() {
        return organisations.all();
    }

    @GetMapping("/{id}")
    Organisation one(@PathVariable long id) {
        return organisations.find(id).orElseThrow(() -> new NotFoundException("No organisation " + id + "."));
    }

    @PostMapping
    ResponseEntity<Organisation> create(@Valid @RequestBody CreateOrganisation request, CurrentUser admin) {
        String name = Objects.requireNonNull(request.name());
        AccountRules.organisationNameViolation(name).ifPresent(violation -> {
            throw new InvalidFieldException("name", violation);
        });
        Organisation created = organisations.create(name, Objects.requireNonNull(request.type()), admin.username());
        return ResponseEntity.created(URI.create("/api/v1/organisations/" + created.id()))
                .body(created);
    }
}
