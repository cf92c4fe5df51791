package org.openects.server.reference;

/** Where a customs office's current data came from. */
public enum OfficeSource {
    /** The reference file: a newer version of the file updates the office. */
    FILE,
    /** An administrator: a newer file leaves the office as the administrator left it. */
    ADMIN
}
