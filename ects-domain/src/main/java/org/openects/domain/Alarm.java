package org.openects.domain;

/** Alarm conditions a device can flag in a report, independent of its protocol. */
public enum Alarm {
    SOS,
    TAMPER,
    BOX_OPENED,
    POWER_CUT,
    POWER_RESTORED,
    LOW_BATTERY,
    IGNITION_ON,
    IGNITION_OFF,
    HARSH_DRIVING,
    OVER_THE_AIR_CHANGE
}
