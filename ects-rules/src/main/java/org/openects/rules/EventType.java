package org.openects.rules;

/** What the monitoring rules can find out about a movement, whether it needs a person, and how urgently by default. */
public enum EventType {
    /** A report placed the vehicle outside its corridor. */
    CORRIDOR_LEFT(true, Severity.HIGH),
    /** After leaving, the vehicle is back inside the corridor by the return margin. */
    CORRIDOR_RETURNED(false, Severity.INFO),
    /** The seal reported open away from the destination. */
    SEAL_OPENED(true, Severity.CRITICAL),
    /** The seal reported its integrity violated, wherever it was. */
    SEAL_TAMPERED(true, Severity.CRITICAL),
    /** The seal reported open inside the destination geofence, as expected at the end of a movement. */
    SEAL_OPENED_AT_DESTINATION(false, Severity.INFO),
    /** Nothing arrived from the device for longer than the route plan's maximum reporting gap. */
    REPORTING_GAP(true, Severity.MEDIUM),
    /**
     * A report the platform can trust (signed, or from an authenticated channel) arrived after a reporting gap: the gap
     * is over.
     */
    REPORTING_RESUMED(false, Severity.INFO),
    /**
     * A report that only says which device it is from ({@code IDENTIFIED}: a legacy protocol, an unsigned fix) arrived
     * after a reporting gap. Anyone who knows the device id could have sent it, so the gap stays open until a trusted
     * report arrives; should the device fall silent again, the gap is raised again.
     */
    REPORTING_RESUMED_UNCONFIRMED(false, Severity.LOW),
    /** The vehicle entered the destination geofence for the first time. */
    ARRIVED_AT_DESTINATION(false, Severity.INFO);

    private final boolean raisesAlert;
    private final Severity defaultSeverity;

    EventType(boolean raisesAlert, Severity defaultSeverity) {
        this.raisesAlert = raisesAlert;
        this.defaultSeverity = defaultSeverity;
    }

    /** Whether an event of this type opens an alert for a control-room operator. */
    public boolean raisesAlert() {
        return raisesAlert;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }
}
