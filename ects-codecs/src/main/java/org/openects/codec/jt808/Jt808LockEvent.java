package org.openects.codec.jt808;

import org.jspecify.annotations.Nullable;
import org.openects.domain.UnlockEvent;
import org.openects.domain.UnlockMethod;

/**
 * Jointech's lock-event field (additional information id 0x0B, in 0x0200 and 0x5501 bodies): an event type byte,
 * then a six-character password and a result byte for password events, or a four-byte card number (and result) for
 * card events. Result 0xFF is a refusal; other results are acceptances (1–99 name the geofence the unlock was allowed
 * in). The password itself is not copied into the report: it stays in the archived raw bytes.
 */
final class Jt808LockEvent {

    static final int FIELD_ID = 0x0B;
    private static final int REFUSED = 0xff;

    private Jt808LockEvent() {}

    static @Nullable UnlockEvent read(byte[] b, int at, int length) {
        if (length < 1) {
            return null;
        }
        int type = b[at] & 0xff;
        return switch (type) {
            case 0x01, 0x02, 0x03, 0x05, 0x1e, 0x1f -> {
                if (length < 8) {
                    yield new UnlockEvent(UnlockMethod.PASSWORD, false, null, null);
                }
                int result = b[at + 7] & 0xff;
                yield new UnlockEvent(UnlockMethod.PASSWORD, result != REFUSED, null, result);
            }
            case 0x06, 0x07, 0x08, 0x10, 0x11, 0x18, 0x19, 0x20, 0x28, 0x29 ->
                new UnlockEvent(UnlockMethod.PASSWORD, false, null, null);
            case 0x22 -> {
                String card = length >= 5 ? card(b, at + 1) : null;
                if (length >= 6) {
                    int result = b[at + 5] & 0xff;
                    yield new UnlockEvent(UnlockMethod.RFID_CARD, result != REFUSED, card, result);
                }
                yield new UnlockEvent(UnlockMethod.RFID_CARD, true, card, null);
            }
            case 0x23, 0x2a, 0x2b ->
                new UnlockEvent(UnlockMethod.RFID_CARD, false, length >= 5 ? card(b, at + 1) : null, null);
            default -> new UnlockEvent(UnlockMethod.UNKNOWN, false, null, null);
        };
    }

    private static @Nullable String card(byte[] b, int at) {
        long number = Jt808Wire.u32(b, at);
        return number == 0 ? null : String.format("%010d", number);
    }
}
