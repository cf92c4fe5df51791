package org.openects.server.identity.internal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.openects.server.identity.CurrentUser;
import org.openects.server.identity.Role;
import org.openects.server.shared.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Administration of local accounts. Password hashes never leave the server. */
@RestController
@RequestMapping("/api/v1/users")
@PreAuthorize("hasRole('ADMIN')")
class UserController {

    /** Body of {@code POST /api/v1/users}. */
    record CreateUser(
            @NotBlank @Size(max = 64) @Nullable String username,
            @NotBlank @Size(max = 128) @Nullable String password,
            @NotNull @Nullable Long organisationId,
            @NotEmpty @Nullable Set<@NotNull Role> roles) {}

    /** Body of {@code PUT /api/v1/users/{id}/roles}. */
    record ChangeRoles(@NotEmpty @Nullable Set<@NotNull Role> roles) {}

    private final AccountService accountService;
    private final AccountRepository accounts;

    UserController(AccountService accountService, AccountRepository accounts) {
        this.accountService = accountService;
        this.accounts = accounts;
    }

    @GetMapping
    List<UserView> all() {
        return accounts.all();
    }

    @GetMapping("/{id}")
    UserView one(@PathVariable long id) {
        return accounts.view(id).orElseThrow(() -> new NotFoundException("No user " + id + "."));
    }

    @PostMapping
    ResponseEntity<UserView> create(@Valid @RequestBody CreateUser request, CurrentUser admin) {
        long id = accountService.create(
                Objects.requireNonNull(request.username()),
                Objects.requireNonNull(request.password()),
                Objects.requireNonNull(request.organisationId()),
                Set.copyOf(Objects.requireNonNull(request.roles())),
                admin.username());
        return ResponseEntity.created(URI.create("/api/v1/users/" + id))
                .body(accounts.view(id).orElseThrow());
    }

    /** Replaces the account's roles; its sessions and tokens end. */
    @PutMapping("/{id}/roles")
    UserView changeRoles(@PathVariable long id, @Valid @RequestBody ChangeRoles request, CurrentUser admin) {
        accountService.changeRoles(id, Set.copyOf(Objects.requireNonNull(request.roles())), admin.username());
        return accounts.view(id).orElseThrow();
    }

    /** Disables the account; its sessions and tokens end at once. */
    @PostMapping("/{id}/disable")
    UserView disable(@PathVariable long id, CurrentUser admin) {
        accountService.setEnabled(id, false, admin.username());
        return accounts.view(id).orElseThrow();
    }

    /** Enables the account again. */
    @PostMapping("/{id}/enable")
    UserView enable(@PathVariable long id, CurrentUser admin) {
        accountService.setEnabled(id, true, admin.username());
        return accounts.view(id).orElseThrow();
    }

    /** Lifts the account's lock after failed logins and forgets them. */
    @PostMapping("/{id}/unlock")
    UserView unlock(@PathVariable long id, CurrentUser admin) {
        accountService.unlock(id, admin.username());
        return accounts.view(id).orElseThrow();
    }

    /** Ends every session and bearer token of the account. */
    @PostMapping("/{id}/end-sessions")
    ResponseEntity<Void> endSessions(@PathVariable long id, CurrentUser admin) {
        accountService.endSessions(id, admin.username());
        return ResponseEntity.noContent().build();
    }
}
