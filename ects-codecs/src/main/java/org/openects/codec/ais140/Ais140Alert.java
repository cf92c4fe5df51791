package org.openects.codec.ais140;

import java.util.EnumSet;
import org.jspecify.annotations.Nullable;
import org.openects.domain.Alarm;

/**
 * The AIS-140 events that map to an {@link Alarm}: each has a two-letter packet type and a numeric alert id, and a
 * device may send either or both (some vendors send a packet type with an unrelated alert id). Events without a
 * matching alarm (normal and history updates, low battery removed, emergency off, SOS wire disconnect, overspeed)
 * are not listed.
 */
enum Ais140Alert {
    MAINS_OFF("BD", 3, Alarm.POWER_CUT),
    LOW_BATTERY("BL", 4, Alarm.LOW_BATTERY),
    MAINS_ON("BR", 6, Alarm.POWER_RESTORED),
    IGNITION_ON("IN", 7, Alarm.IGNITION_ON),
    IGNITION_OFF("IF", 8, Alarm.IGNITION_OFF),
    TAMPER("TA", 9, Alarm.TAMPER),
    EMERGENCY_ON("EA", 10, Alarm.SOS),
    OVER_THE_AIR(null, 12, Alarm.OVER_THE_AIR_CHANGE),
    HARSH_BRAKING("HB", 13, Alarm.HARSH_DRIVING),
    HARSH_ACCELERATION("HA", 14, Alarm.HARSH_DRIVING),
    RASH_TURNING("RT", 15, Alarm.HARSH_DRIVING);

    /** Alert id 2: a location update stored while the network was unavailable. */
    static final int HISTORY_UPDATE = 2;

    private final @Nullable String packetType;
    private final int alertId;
    private final Alarm alarm;

    Ais140Alert(@Nullable String packetType, int alertId, Alarm alarm) {
        this.packetType = packetType;
        this.alertId = alertId;
        this.alarm = alarm;
    }

    /** The alarms that a packet type and an alert id (either may be absent) stand for. */
    static EnumSet<Alarm> alarms(String packetType, @Nullable Integer alertId) {
        EnumSet<Alarm> alarms = EnumSet.noneOf(Alarm.class);
        for (Ais140Alert alert : values()) {
            if (packetType.equals(alert.packetType) || (alertId != null && alert.alertId == alertId)) {
                alarms.add(alert.alarm);
            }
        }
        return alarms;
    }
}
