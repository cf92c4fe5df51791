package org.openects.server.devices.internal;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openects.server.devices.Device;
import org.openects.server.devices.DeviceRegistration;
import org.openects.server.devices.DeviceRegistry;
import org.openects.server.devices.Lifecycle;
import org.openects.server.devices.RegisteredDevice;
import org.openects.server.identity.CurrentUser;
import org.openects.server.identity.Organisation;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Organisations;
import org.openects.server.identity.Role;
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

/** The device registry API. */
@RestController
@RequestMapping("/api/v1/devices")
class DeviceController {

    private final DeviceRegistry registry;
    private final Organisations organisations;

    DeviceController(DeviceRegistry registry, Organisations organisations) {
        this.registry = registry;
        this.organisations = organisations;
    }

    @PostMapping
    @PreAuthorize("hasAnyRole('ADMIN','SEAL_PROVIDER')")
    ResponseEntity<RegisteredDevice> register(@Valid @RequestBody DeviceRegistration registration, CurrentUser user) {
        DeviceRegistration owned = registration;
        if (user.hasRole(Role.ADMIN)) {
            requireSealProvider(registration.ownerOrganisationId());
        } else {
            // A seal provider registers its own devices only.
            owned = new DeviceRegistration(
                    registration.deviceId(),
                    registration.kind(),
                    registration.sealClass(),
                    user.organisationId(),
                    registration.firmware(),
                    registration.protocol(),
                    registration.payloadFormat());
        }
        RegisteredDevice registered = delivered(registry.register(owned, user.username()), user);
        return ResponseEntity.created(
                        URI.create("/api/v1/devices/" + registered.device().deviceId()))
                .body(registered);
    }

    /**
     * A seal provider registering its own device takes its key at once (the provisioning claim, audited); an
     * administrator's registration leaves the key waiting for the provider.
     */
    private RegisteredDevice delivered(RegisteredDevice registered, CurrentUser user) {
        if (user.hasRole(Role.SEAL_PROVIDER)
                && registered.device().keyAwaitingProvider()
                && Long.valueOf(user.organisationId())
                        .equals(registered.device().ownerOrganisationId())) {
            return registry.provisionKey(registered.device().deviceId(), user.organisationId(), user.username())
                    .orElse(registered);
        }
        return registered;
    }

    /** A device's owner, when named, is a seal provider: it decides who else sees the device. */
    private void requireSealProvider(@Nullable Long owner) {
        if (owner == null) {
            return;
        }
        OrganisationType type = organisations
                .find(owner)
                .map(Organisation::type)
                .orElseThrow(() -> new InvalidFieldException("ownerOrganisationId", "no organisation " + owner));
        if (type != OrganisationType.SEAL_PROVIDER) {
            throw new InvalidFieldException(
                    "ownerOrganisationId", "organisation " + owner + " is a " + type + ", not a SEAL_PROVIDER");
        }
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR','OFFICER','SEAL_PROVIDER')")
    List<Device> list(CurrentUser user) {
        return registry.list(user.seesAllOrganisations() ? null : user.organisationId());
    }

    @GetMapping("/{deviceId}")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR','OFFICER','SEAL_PROVIDER')")
    Device get(@PathVariable String deviceId, CurrentUser user) {
        Device device = registry.find(deviceId).orElseThrow(() -> notFound(deviceId));
        if (!user.seesAllOrganisations() && !Long.valueOf(user.organisationId()).equals(device.ownerOrganisationId())) {
            throw notFound(deviceId);
        }
        return device;
    }

    /**
     * Registers the devices of a CSV file ({@code deviceId,kind,sealClass,protocol,firmware[,payloadFormat]}), all or
     * none; a seal provider's answer carries each device's key (shown this once), an administrator's none (the keys
     * wait for the provider's claim).
     */
    @PostMapping(
            path = "/import",
            consumes = {"text/csv", "text/plain"})
    @PreAuthorize("hasAnyRole('ADMIN','SEAL_PROVIDER')")
    ResponseEntity<List<RegisteredDevice>> importCsv(@RequestBody String csv, CurrentUser user) {
        Long owner = user.hasRole(Role.ADMIN) ? null : user.organisationId();
        List<RegisteredDevice> registered = registry.registerAll(DeviceCsv.parse(csv, owner), user.username()).stream()
                .map(device -> delivered(device, user))
                .toList();
        return ResponseEntity.status(201).body(registered);
    }

    /** Why a device is revoked. */
    record Revocation(
            @jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(max = 512)
            String reason) {}

    @PostMapping("/{deviceId}/revoke")
    @PreAuthorize("hasRole('ADMIN')")
    Device revoke(@PathVariable String deviceId, @Valid @RequestBody Revocation revocation, CurrentUser user) {
        return registry.revoke(deviceId, revocation.reason(), user.username()).orElseThrow(() -> notFound(deviceId));
    }

    /** A lifecycle change. */
    record LifecycleChange(
            @jakarta.validation.constraints.NotNull Lifecycle lifecycle) {}

    @PostMapping("/{deviceId}/lifecycle")
    @PreAuthorize("hasAnyRole('ADMIN','SEAL_PROVIDER')")
    Device changeLifecycle(
            @PathVariable String deviceId, @Valid @RequestBody LifecycleChange change, CurrentUser user) {
        get(deviceId, user);
        return registry.changeLifecycle(deviceId, change.lifecycle(), user.username())
                .orElseThrow(() -> notFound(deviceId));
    }

    /** Rotates the key out of band; the answer carries no key: the device's seal provider claims it. */
    @PostMapping("/{deviceId}/key")
    @PreAuthorize("hasRole('ADMIN')")
    RegisteredDevice rotateKey(@PathVariable String deviceId, CurrentUser user) {
        return registry.rotateKey(deviceId, user.username()).orElseThrow(() -> notFound(deviceId));
    }

    /**
     * The provisioning claim: the device's seal provider takes its current key, once (409 afterwards, until the next
     * rotation). Another organisation's device is 404, as for reading it.
     */
    @PostMapping("/{deviceId}/provisioning")
    @PreAuthorize("hasRole('SEAL_PROVIDER')")
    RegisteredDevice provision(@PathVariable String deviceId, CurrentUser user) {
        return registry.provisionKey(deviceId, user.organisationId(), user.username())
                .orElseThrow(() -> notFound(deviceId));
    }

    private static NotFoundException notFound(String deviceId) {
        return new NotFoundException("no device " + deviceId);
    }
}
