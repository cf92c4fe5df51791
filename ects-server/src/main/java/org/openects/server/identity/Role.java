package org.openects.server.identity;

/** The roles of the people and systems that use OpenECTS (see ARCHITECTURE.md, "People and what they do"). */
public enum Role {
    /** Control-room operator: watches live movements, handles alerts. */
    OPERATOR,
    /** Customs officer: arms and verifies seals, authorises unlocks, ends movements. */
    OFFICER,
    /** Trader (shipper, importer, exporter, agent): requests e-seals, follows its own movements. */
    TRADER,
    /** Transporter or driver: sees its trips, reports incidents. */
    TRANSPORTER,
    /** Seal provider: device inventory, installation, health. */
    SEAL_PROVIDER,
    /** Auditor: reads and exports the audit log. */
    AUDITOR,
    /** Administrator: organisations, users, device keys, corridors, integrations. */
    ADMIN,
    /** The customs administration's own system, as an API client. */
    CUSTOMS_SYSTEM;

    /** The Spring Security authority name, {@code ROLE_} + name. */
    public String authority() {
        return "ROLE_" + name();
    }
}
