package org.openects.server.devices;

import java.util.List;
import java.util.Optional;

/** The device registry: register devices, rotate their keys (out of band, or in band by command), list them. */
public interface DeviceRegistry {

    /**
     * Registers a device with a fresh key, which is not in the answer: it waits for the device's seal provider to
     * claim it ({@link #provisionKey}). A device whose protocol signs nothing gets one too, which nothing uses and
     * nobody can claim.
     *
     * @throws DeviceAlreadyRegisteredException when the id is taken
     */
    RegisteredDevice register(DeviceRegistration registration, String actor);

    /**
     * Replaces the device's key with a fresh one (out of band); the old key stops verifying at once, and an open
     * in-band rotation is abandoned. The new key is not in the answer: it waits for the device's seal provider to
     * claim it ({@link #provisionKey}).
     */
    Optional<RegisteredDevice> rotateKey(String deviceId, String actor);

    /**
     * Delivers the device's current key, once, to its owner: the seal provider organisation {@code
     * providerOrganisationId}. Audited ({@code device.key-provisioned}); a second claim is refused until the next
     * rotation.
     *
     * @return the device and its key; empty when there is no such device or it belongs to another organisation
     * @throws org.openects.server.shared.ConflictException when the key was delivered already, the device is revoked
     *     or its protocol signs nothing
     */
    Optional<RegisteredDevice> provisionKey(String deviceId, long providerOrganisationId, String actor);

    /**
     * Opens an in-band key rotation (device protocol section 6.2) for the rotate-key command with counter {@code
     * commandCounter}: draws a new key and keeps it as the device's pending key, beside its current key, until a
     * message verifies under it ({@link DeviceDirectory#pendingKeyProven}) or the rotation is abandoned. Joins the
     * caller's transaction; the pending key verifies once it commits.
     *
     * @return the new key wrapped under the current one for that command ({@link
     *     org.openects.codec.openects.KeyWrap}, 40 bytes); empty when there is no such device
     * @throws org.openects.server.shared.ConflictException when a rotation is already open
     */
    Optional<byte[]> openKeyRotation(String deviceId, long commandCounter, String actor);

    /**
     * Abandons the in-band rotation opened for command {@code commandCounter} (the device refused it, or did not
     * answer in time): the pending key stops verifying. Nothing happens when that rotation is no longer open.
     */
    void abandonKeyRotation(String deviceId, long commandCounter, String reason);

    Optional<Device> find(String deviceId);

    /**
     * Registers several devices at once, all or none (bulk import).
     *
     * @throws org.openects.server.shared.InvalidFieldException naming the first bad line when one is invalid or
     *     already registered
     */
    List<RegisteredDevice> registerAll(List<DeviceRegistration> registrations, String actor);

    /** Revokes the device: its messages are kept and refused from now on. Empty when there is no such device. */
    Optional<Device> revoke(String deviceId, String reason, String actor);

    /** Moves the device to another lifecycle state. Empty when there is no such device. */
    Optional<Device> changeLifecycle(String deviceId, Lifecycle lifecycle, String actor);

    /** All devices, or only those owned by one organisation. */
    List<Device> list(@org.jspecify.annotations.Nullable Long ownerOrganisationId);
}
