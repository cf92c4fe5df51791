package org.openects.server.commands.internal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.openects.codec.ProtocolDescription;
import org.openects.codec.Protocols;
import org.openects.domain.DeviceId;
import org.openects.server.devices.Device;
import org.openects.server.devices.DeviceRegistry;
import org.openects.server.identity.CurrentUser;
import org.openects.server.movements.MovementDirectory;
import org.openects.server.shared.ConflictException;
import org.openects.server.shared.FieldProblem;
import org.openects.server.shared.InvalidFieldException;
import org.openects.server.shared.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/devices/{deviceId}/commands}: send a command to a native device ({@code openects}, or {@code
 * iridium}: native compact messages over Iridium SBD) or a set-interval, ping or unlock to a JT/T 808 terminal ({@code
 * jt808}), list its commands and follow one.
 * Who may ask for what is {@link CommandOp}'s business; devices are visible as in the registry (a seal provider sees
 * its own), and a seal provider never sees unlocks (they can reveal an inspection).
 */
@RestController
@RequestMapping("/api/v1/devices/{deviceId}/commands")
class CommandController {

    /** What JT/T 808 terminals take: the standard's 0x8103 (parameter 0x0029), 0x8201 and 0x8500 (door unlock). */
    private static final Set<CommandOp> JT808_OPS =
            EnumSet.of(CommandOp.SET_INTERVAL, CommandOp.PING, CommandOp.UNLOCK);

    private final DeviceRegistry devices;
    private final DeviceCommands commands;
    private final JdbcCommandStore store;
    private final CommandsProperties properties;
    private final MovementDirectory movements;
    private final UnlockAuthorisations unlocks;

    CommandController(
            DeviceRegistry devices,
            DeviceCommands commands,
            JdbcCommandStore store,
            CommandsProperties properties,
            MovementDirectory movements,
            UnlockAuthorisations unlocks) {
        this.movements = movements;
        this.unlocks = unlocks;
        this.devices = devices;
        this.commands = commands;
        this.store = store;
        this.properties = properties;
    }

    /**
     * A command request.
     *
     * @param op what to ask: {@code UNLOCK}, {@code SET_INTERVAL}, {@code PING} or {@code ROTATE_KEY}
     * @param authorisation for {@code UNLOCK} only and required there: the officer's authorisation reference; for a
     *     device on a supervised movement, the reference of an effective {@code REMOTE} unlock authorisation of that
     *     device ({@code UA-…}), which the command then carries
     * @param intervalSeconds for {@code SET_INTERVAL} only and required there: the new reporting interval
     * @param validMinutes how long the device may carry it out; {@code ects.commands.default-validity} when absent
     */
    record CommandRequest(
            @NotNull CommandOp op,
            @Nullable @Size(max = 64) String authorisation,
            @Nullable @Min(1) @Max(4_294_967_295L) Long intervalSeconds,
            @Nullable @Min(1) @Max(65_535) Integer validMinutes) {}

    @PostMapping
    @PreAuthorize("hasAnyRole('OFFICER','OPERATOR','ADMIN','SEAL_PROVIDER')")
    ResponseEntity<Command> send(
            @PathVariable String deviceId, @Valid @RequestBody CommandRequest request, CurrentUser user) {
        if (!request.op().allows(user.roles())) {
            throw new AccessDeniedException(request.op() + " is not for the caller's roles");
        }
        checkArguments(request);
        Device device = visibleDevice(deviceId, user);
        if (device.revokedAt() != null) {
            throw new ConflictException("device " + deviceId + " is revoked");
        }
        checkProtocol(device, request.op());
        if (request.op() == CommandOp.UNLOCK
                && DeviceId.isValid(device.deviceId())
                && movements.activeFor(DeviceId.of(device.deviceId())).isPresent()) {
            // Under customs supervision: only an effective remote unlock authorisation unlocks the seal.
            Command command = unlocks.sendThroughCommandsEndpoint(
                    device.deviceId(), request.authorisation().strip(), user);
            return ResponseEntity.created(
                            URI.create("/api/v1/devices/" + device.deviceId() + "/commands/" + command.counter()))
                    .body(command);
        }
        Duration validFor = request.validMinutes() == null
                ? properties.defaultValidity()
                : Duration.ofMinutes(request.validMinutes());
        String authorisation =
                request.authorisation() == null ? null : request.authorisation().strip();
        Command command = commands.issue(new DeviceCommands.Order(
                device.deviceId(), request.op(), request.intervalSeconds(), authorisation, validFor, user.username()));
        return ResponseEntity.created(
                        URI.create("/api/v1/devices/" + device.deviceId() + "/commands/" + command.counter()))
                .body(command);
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR','OFFICER','SEAL_PROVIDER')")
    List<Command> history(@PathVariable String deviceId, CurrentUser user) {
        Device device = visibleDevice(deviceId, user);
        return store.history(device.deviceId(), user.mayKnowInspections()).stream()
                .toList();
    }

    @GetMapping("/{counter}")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR','OFFICER','SEAL_PROVIDER')")
    Command one(@PathVariable String deviceId, @PathVariable long counter, CurrentUser user) {
        Device device = visibleDevice(deviceId, user);
        return store.find(device.deviceId(), counter)
                .filter(command -> command.op() != CommandOp.UNLOCK || user.mayKnowInspections())
                .orElseThrow(() -> new NotFoundException("device " + deviceId + " has no command " + counter));
    }

    /**
     * What the device's protocol says it takes ({@link ProtocolDescription#commands()}): signed native commands
     * (native, and native compact inside Iridium SBD) take every op; JT/T 808 platform messages set-interval and
     * ping; other protocols nothing.
     */
    private static void checkProtocol(Device device, CommandOp op) {
        String protocol = device.protocol();
        ProtocolDescription.Commands takes = Protocols.description(protocol)
                .map(ProtocolDescription::commands)
                .orElse(ProtocolDescription.Commands.NONE);
        boolean signed =
                takes == ProtocolDescription.Commands.SIGNED_NATIVE || takes == ProtocolDescription.Commands.IRIDIUM_MT;
        if (signed || (takes == ProtocolDescription.Commands.JT808_PLATFORM && JT808_OPS.contains(op))) {
            return;
        }
        String speaks = "device " + device.deviceId() + " speaks " + protocol + ": ";
        if (takes == ProtocolDescription.Commands.JT808_PLATFORM) {
            throw new ConflictException(speaks
                    + switch (op) {
                        case ROTATE_KEY ->
                            "JT/T 808 terminals have no key: nothing signs their messages, so there is no key"
                                    + " to rotate";
                        default -> op + " is not sent to JT/T 808 terminals";
                    }
                    + " (JT/T 808 terminals take SET_INTERVAL, PING and UNLOCK only)");
        }
        throw new ConflictException(speaks
                + "the platform sends commands to native (openects, iridium) devices, and SET_INTERVAL, PING and UNLOCK"
                + " to JT/T 808 (jt808) terminals, only");
    }

    /** Each op takes its own arguments and no other. */
    private static void checkArguments(CommandRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        boolean unlock = request.op() == CommandOp.UNLOCK;
        boolean interval = request.op() == CommandOp.SET_INTERVAL;
        if (unlock
                && (request.authorisation() == null || request.authorisation().isBlank())) {
            problems.add(new FieldProblem("authorisation", "is required for UNLOCK"));
        }
        if (!unlock && request.authorisation() != null) {
            problems.add(new FieldProblem("authorisation", "is only for UNLOCK"));
        }
        if (interval && request.intervalSeconds() == null) {
            problems.add(new FieldProblem("intervalSeconds", "is required for SET_INTERVAL"));
        }
        if (!interval && request.intervalSeconds() != null) {
            problems.add(new FieldProblem("intervalSeconds", "is only for SET_INTERVAL"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidFieldException(problems);
        }
    }

    /** The device, if the caller may see it: customs see every device, a seal provider its own. */
    private Device visibleDevice(String deviceId, CurrentUser user) {
        Device device = devices.find(deviceId).orElseThrow(() -> notFound(deviceId));
        if (!user.seesAllOrganisations() && !Long.valueOf(user.organisationId()).equals(device.ownerOrganisationId())) {
            throw notFound(deviceId);
        }
        return device;
    }

    private static NotFoundException notFound(String deviceId) {
        return new NotFoundException("no device " + deviceId);
    }
}
