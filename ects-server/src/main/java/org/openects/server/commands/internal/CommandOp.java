package org.openects.server.commands.internal;

import java.util.EnumSet;
import java.util.Set;
import org.openects.server.identity.Role;

/** What a command asks a device to do (device protocol section 5.2), and who may ask for it. */
public enum CommandOp {
    /** Release the lock; only a customs officer, with an authorisation reference. */
    UNLOCK(EnumSet.of(Role.OFFICER)),
    /** Report every so many seconds; the control room decides (operators, administrators). */
    SET_INTERVAL(EnumSet.of(Role.OPERATOR, Role.ADMIN)),
    /** Acknowledge and report now; customs roles, and a seal provider for its own devices. */
    PING(EnumSet.of(Role.OPERATOR, Role.OFFICER, Role.ADMIN, Role.SEAL_PROVIDER)),
    /** Take a new key in band (section 6.2); administrators, like the out-of-band key rotation. */
    ROTATE_KEY(EnumSet.of(Role.ADMIN));

    private final Set<Role> allowed;

    CommandOp(Set<Role> allowed) {
        this.allowed = allowed;
    }

    /** Whether a caller with these roles may ask for this command. */
    boolean allows(Set<Role> roles) {
        return roles.stream().anyMatch(allowed::contains);
    }
}
