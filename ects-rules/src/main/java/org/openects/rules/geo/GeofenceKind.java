package org.openects.rules.geo;

/** What a geofence stands for in a route plan. */
public enum GeofenceKind {
    /** The office or yard of departure. */
    ORIGIN,
    /** The office or yard of destination; opening the seal there is expected. */
    DESTINATION,
    /** A place where the vehicle may stop (rest area, weighbridge, fuel station). */
    AUTHORISED_STOP,
    /** A customs border post on the route. */
    BORDER_POST,
    /** An area the vehicle must not enter. */
    RESTRICTED_ZONE
}
