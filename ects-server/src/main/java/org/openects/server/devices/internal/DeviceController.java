package org.openects.server.devices.internal;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.openects.server.devices.Device;
import org.openects.server.devices.DeviceRegistration;
import org.openects.server.devices.DeviceRegistry;
import org.openects.server.devices.RegisteredDevice;
import org.openects.server.identity.CurrentUser;
import org.openects.server.identity.Role;
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

    DeviceController(DeviceRegistry registry) {
        this.registry = registry;
    }

    @PostMapping
    @PreAuthorize("hasAnyRole('ADMIN','SEAL_PROVIDER')")
    ResponseEntity<RegisteredDevice> register(@Valid @RequestBody DeviceRegistration registration, CurrentUser user) {
        DeviceRegistration owned = registration;
        if (!user.hasRole(Role.ADMIN)) {
            // A seal provider registers its own devices only.
            owned = new DeviceRegistration(
                    registration.deviceId(),
                    registration.kind(),
                    registration.sealClass(),
                    user.organisationId(),
                    registration.firmware());
        }
        RegisteredDevice registered = registry.register(owned, user.username());
        return ResponseEntity.created(
                        URI.create("/api/v1/devices/" + registered.device().deviceId()))
                .body(registered);
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

    @PostMapping("/{deviceId}/key")
    @PreAuthorize("hasRole('ADMIN')")
    RegisteredDevice rotateKey(@PathVariable String deviceId, CurrentUser user) {
        return registry.rotateKey(deviceId, user.username()).orElseThrow(() -> notFound(deviceId));
    }

    private static NotFoundException notFound(String deviceId) {
        return new NotFoundException("no device " + deviceId);
    }
}
