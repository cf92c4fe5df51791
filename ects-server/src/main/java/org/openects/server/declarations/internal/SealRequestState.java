package org.openects.server.declarations.internal;

/** Where a seal request is. */
enum SealRequestState {
    /** Filed by the trader, waiting for an officer (or refused at once, then never stored). */
    REQUESTED,
    /** Approved, by an officer or the automatic rule; devices from the provider's stock are assigned to it. */
    APPROVED,
    /** Refused by an officer, with a reason; the trader may ask again. */
    REFUSED
}
