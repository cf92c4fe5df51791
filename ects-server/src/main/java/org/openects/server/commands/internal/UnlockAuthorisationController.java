package org.openects.server.commands.internal;

import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.server.identity.CurrentUser;
import org.openects.server.shared.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/unlock-authorisations}: officers authorise, confirm (two-person option) and revoke unlocks of seals
 * of supervised movements; customs roles read them. Seal providers, traders and transporters never see them (an
 * unlock can reveal an inspection).
 */
@RestController
@RequestMapping("/api/v1/unlock-authorisations")
class UnlockAuthorisationController {

    private final UnlockAuthorisations unlocks;

    UnlockAuthorisationController(UnlockAuthorisations unlocks) {
        this.unlocks = unlocks;
    }

    @PostMapping
    @PreAuthorize("hasRole('OFFICER')")
    ResponseEntity<UnlockAuthorisation> authorise(@RequestBody UnlockAuthorisations.Request request, CurrentUser user) {
        UnlockAuthorisation created = unlocks.authorise(request, user);
        return ResponseEntity.created(URI.create("/api/v1/unlock-authorisations/" + created.id()))
                .body(created);
    }

    @PostMapping("/{id}/confirm")
    @PreAuthorize("hasRole('OFFICER')")
    UnlockAuthorisation confirm(@PathVariable String id, CurrentUser user) {
        return unlocks.confirm(idOf(id), user);
    }

    /** Why an officer revokes an authorisation (optional). */
    record Revocation(@Nullable String reason) {}

    @PostMapping("/{id}/revoke")
    @PreAuthorize("hasRole('OFFICER')")
    UnlockAuthorisation revoke(
            @PathVariable String id, @RequestBody(required = false) @Nullable Revocation body, CurrentUser user) {
        return unlocks.revoke(idOf(id), body == null ? null : body.reason(), user);
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('OFFICER','OPERATOR','ADMIN')")
    List<UnlockAuthorisation> list(
            @RequestParam(required = false) @Nullable Long movementId,
            @RequestParam(required = false) @Nullable String deviceId) {
        return unlocks.list(movementId, deviceId);
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAnyRole('OFFICER','OPERATOR','ADMIN')")
    UnlockAuthorisation one(@PathVariable String id) {
        return unlocks.read(idOf(id)).orElseThrow(() -> new NotFoundException("no unlock authorisation " + id));
    }

    /**
     * An authorisation in a path: its id, or its reference {@code UA-}id (which a browser keeps exactly: ids exceed
     * the integers a JavaScript number holds).
     */
    private static long idOf(String id) {
        String digits = id.startsWith("UA-") ? id.substring(3) : id;
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new NotFoundException("no unlock authorisation " + id);
        }
    }
}
