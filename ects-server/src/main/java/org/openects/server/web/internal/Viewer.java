package org.openects.server.web.internal;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The signed-in user as the page header shows them.
 *
 * @param name the account name
 * @param roles role names without the {@code ROLE_} prefix, in the order granted
 * @param handlesAlerts whether the user may acknowledge and resolve alerts (operators and administrators)
 */
public record Viewer(String name, List<String> roles, boolean handlesAlerts) {

    private static final String ROLE_PREFIX = "ROLE_";

    static Viewer of(Authentication authentication) {
        List<String> roles = roleNames(authentication.getAuthorities());
        boolean handlesAlerts = roles.contains("OPERATOR") || roles.contains("ADMIN");
        return new Viewer(authentication.getName(), roles, handlesAlerts);
    }

    /** Whether the user may see the device registry (administrators, operators, officers, seal providers). */
    public boolean seesDevices() {
        return roles.contains("ADMIN")
                || roles.contains("OPERATOR")
                || roles.contains("OFFICER")
                || roles.contains("SEAL_PROVIDER");
    }

    /** Whether the user may see the route library page (administrators, officers, operators). */
    public boolean seesCorridors() {
        return roles.contains("ADMIN") || roles.contains("OFFICER") || roles.contains("OPERATOR");
    }

    /** Whether the user may import corridors into the route library (administrators and officers). */
    public boolean importsCorridors() {
        return roles.contains("ADMIN") || roles.contains("OFFICER");
    }

    /** Whether the user may register devices and change their lifecycle (administrators and seal providers). */
    public boolean managesDevices() {
        return roles.contains("ADMIN") || roles.contains("SEAL_PROVIDER");
    }

    /** Whether the user may download a movement's evidence (auditors, administrators, officers, operators). */
    public boolean exportsEvidence() {
        return roles.contains("AUDITOR")
                || roles.contains("ADMIN")
                || roles.contains("OFFICER")
                || roles.contains("OPERATOR");
    }

    /** Whether the user may record custody steps (seal checks, handovers, the release): customs officers. */
    public boolean recordsCustody() {
        return roles.contains("OFFICER");
    }

    /** Whether the user may cancel an active movement (officers and the customs system; never administrators). */
    public boolean cancelsMovements() {
        return roles.contains("OFFICER") || roles.contains("CUSTOMS_SYSTEM");
    }

    /** Whether the user may see unlock authorisations (officers, operators, administrators). */
    public boolean seesUnlocks() {
        return roles.contains("OFFICER") || roles.contains("OPERATOR") || roles.contains("ADMIN");
    }

    /** Whether the user may see an office's queue of arrivals and enquiries (officers and administrators). */
    public boolean seesQueue() {
        return roles.contains("OFFICER") || roles.contains("ADMIN");
    }

    /** Whether the user may authorise, confirm and revoke unlocks: customs officers. */
    public boolean authorisesUnlocks() {
        return roles.contains("OFFICER");
    }

    /** Whether the user is a seal provider: it claims the keys of its own devices (provisioning). */
    public boolean providesSeals() {
        return roles.contains("SEAL_PROVIDER");
    }

    /**
     * Whether the user may see declarations: traders (their own), transporters (those naming them) and the customs
     * roles; not seal providers.
     */
    public boolean seesDeclarations() {
        return roles.stream().anyMatch(role -> !role.equals("SEAL_PROVIDER"));
    }

    /** Whether the user files declarations and asks for e-seals on the declarations page: traders. */
    public boolean filesDeclarations() {
        return roles.contains("TRADER");
    }

    /** Whether the user may see seal requests: traders, seal providers and the customs roles; not transporters. */
    public boolean seesSealRequests() {
        return roles.stream().anyMatch(role -> !role.equals("TRANSPORTER"));
    }

    /** Whether the user approves and refuses seal requests: officers and the customs system. */
    public boolean decidesSealRequests() {
        return roles.contains("OFFICER") || roles.contains("CUSTOMS_SYSTEM");
    }

    /** Whether the user is an administrator: rotates and revokes device keys, watches the ingress. */
    public boolean administers() {
        return roles.contains("ADMIN");
    }

    /** Role names for display: {@code SEAL_PROVIDER} becomes {@code seal provider}. */
    public List<String> roleLabels() {
        return roles.stream()
                .map(role -> role.toLowerCase(Locale.ROOT).replace('_', ' '))
                .toList();
    }

    private static List<String> roleNames(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority != null && authority.startsWith(ROLE_PREFIX))
                .map(authority -> authority.substring(ROLE_PREFIX.length()))
                .distinct()
                .toList();
    }
}
