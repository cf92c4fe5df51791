package org.openects.server.reference;

/** What a customs office does in the transit procedure; an office may have several roles. */
public enum OfficeRole {
    /** Where a transit movement starts. */
    DEPARTURE,
    /** An office the movement passes on its way. */
    TRANSIT,
    /** Where a transit movement ends. */
    DESTINATION,
    /** A border post: the movement is handed over between administrations there. */
    BORDER
}
