package org.openects.codec.jointech;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.openects.codec.DecodeContext;
import org.openects.codec.DeviceMessage;
import org.openects.codec.FrameCodec.Decoded;
import org.openects.codec.RejectReason;
import org.openects.domain.DeviceId;
import org.openects.domain.GeoPosition;
import org.openects.domain.LockState;
import org.openects.domain.Report;
import org.openects.domain.UnlockEvent;
import org.openects.domain.UnlockMethod;

/**
 * Text frames {@code (deviceId,TYPE,field,…)}: {@code P45} unlock events (JT701), {@code W01} and {@code U01}–
 * {@code U06} positions (JT600), {@code U04} and {@code @JT} keep-alives. Times are UTC.
 */
final class JointechText {

    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final double MPH_TO_KMH = 1.609344;
    private static final String NO_CARD = "0000000000";

    private JointechText() {}

    static Decoded decode(byte[] f, DecodeContext context) {
        if (f.length < 2 || f[f.length - 1] != ')') {
            throw new RejectedFrame(RejectReason.TRUNCATED, "text frame does not end with ')'");
        }
        for (byte b : f) {
            if (b < 0x20 || b > 0x7e) {
                throw new RejectedFrame(RejectReason.MALFORMED, "text frame holds a non-printable byte");
            }
        }
        String[] fields = new String(f, 1, f.length - 2, StandardCharsets.US_ASCII).split(",", -1);
        if (fields.length < 2 || !DIGITS.matcher(fields[0]).matches() || !DeviceId.isValid(fields[0])) {
            throw new RejectedFrame(RejectReason.MALFORMED, "text frame does not start with a numeric device id");
        }
        DeviceId device = DeviceId.of(fields[0]);
        String type = fields[1];
        return switch (type) {
            case "P45" -> p45(device, fields, context);
            case "W01" -> Decoded.of(new DeviceMessage.Reports(device, List.of(w01(device, fields, context))));
            case "U01", "U02", "U03" ->
                Decoded.of(new DeviceMessage.Reports(device, List.of(u0x(device, fields, 2, context))), ascii("(S39)"));
            case "U06" ->
                Decoded.of(new DeviceMessage.Reports(device, List.of(u0x(device, fields, 3, context))), ascii("(S20)"));
            case "U04" -> Decoded.of(new DeviceMessage.Heartbeat(device));
            case "@JT" -> {
                context.sessionDevice(device);
                yield Decoded.of(new DeviceMessage.Login(device, null, "@JT"));
            }
            default -> throw new RejectedFrame(RejectReason.UNSUPPORTED, "text message type '" + type + "'");
        };
    }

    /**
     * {@code (id,P45,ddMMyy,HHmmss,lat,N|S,lon,E|W,A|V,speed,course,event source,unlock check,RFID card,password
     * check,wrong password count,serial[,mileage])}, acknowledged with {@code (P69,0,serial)}.
     */
    private static Decoded p45(DeviceId device, String[] f, DecodeContext context) {
        need(f, 17);
        Instant time = time(f[2], f[3]);
        GeoPosition position = position(decimal(f[4], f[5], "N", "S"), decimal(f[6], f[7], "E", "W"));
        boolean valid = validity(f[8], "A", "V");
        int source = integer(f[11]);
        int check = integer(f[12]);
        String card = f[13];
        if (!DIGITS.matcher(card).matches()) {
            throw new RejectedFrame(RejectReason.MALFORMED, "RFID card field is not numeric");
        }
        int passwordCheck = integer(f[14]);
        integer(f[15]);
        int serial = integer(f[16]);
        UnlockEvent unlock = unlock(source, check, passwordCheck, card);
        Report report = Report.builder(device, time)
                .receivedAt(context.receivedAt())
                .channel(context.channel())
                .position(position, valid)
                .speedKmh(round(number(f[9]) * MPH_TO_KMH))
                .courseDegrees(number(f[10]))
                .unlock(unlock)
                .lock(unlock.authorised() ? LockState.UNLOCKED : LockState.UNKNOWN)
                .build();
        return Decoded.of(new DeviceMessage.Reports(device, List.of(report)), ascii("(P69,0," + serial + ")"));
    }

    /**
     * Event source 1 is an RFID card (its check non-zero when accepted), 4 a password (the password check non-zero
     * when accepted), 6 a dynamic password (check 1–10: accepted inside that geofence, 98: accepted, 0: wrong, 99:
     * refused outside the geofence). Other sources are kept with their raw check as the result code.
     */
    static UnlockEvent unlock(int source, int check, int passwordCheck, String card) {
        @Nullable String credential = card.isEmpty() || NO_CARD.equals(card) ? null : card;
        return switch (source) {
            case 1 -> new UnlockEvent(UnlockMethod.RFID_CARD, check != 0, credential, check);
            case 4 -> new UnlockEvent(UnlockMethod.PASSWORD, passwordCheck != 0, credential, passwordCheck);
            case 6 ->
                new UnlockEvent(UnlockMethod.PASSWORD, (check >= 1 && check <= 10) || check == 98, credential, check);
            default ->
                new UnlockEvent(
                        credential != null ? UnlockMethod.RFID_CARD : UnlockMethod.UNKNOWN, false, credential, check);
        };
    }

    /**
     * {@code (id,W01,lon DDDMM.mmmm,E|W,lat DDMM.mmmm,N|S,A|V,ddMMyy,HHmmss,speed km/h,course,power,GPS signal,GSM
     * signal,alert type,…)}.
     */
    private static Report w01(DeviceId device, String[] f, DecodeContext context) {
        need(f, 11);
        double lon = minutes(f[2], f[3], "E", "W");
        double lat = minutes(f[4], f[5], "N", "S");
        boolean valid = validity(f[6], "A", "V");
        return Report.builder(device, time(f[7], f[8]))
                .receivedAt(context.receivedAt())
                .channel(context.channel())
                .position(position(lat, lon), valid)
                .speedKmh(number(f[9]))
                .courseDegrees(number(f[10]))
                .build();
    }

    /**
     * {@code (id,Uxx[,alarm],ddMMyy,HHmmss,T|F,lat,N|S,lon,E|W,speed mph,course,satellites,battery%,status bits,cell,
     * area,GSM signal,odometer km,serial,…)}; {@code U06} carries the alarm field.
     */
    private static Report u0x(DeviceId device, String[] f, int at, DecodeContext context) {
        need(f, at + 17);
        Instant time = time(f[at], f[at + 1]);
        boolean valid = validity(f[at + 2], "T", "F");
        double lat = decimal(f[at + 3], f[at + 4], "N", "S");
        double lon = decimal(f[at + 5], f[at + 6], "E", "W");
        String battery = f[at + 10];
        if (!battery.endsWith("%")) {
            throw new RejectedFrame(RejectReason.MALFORMED, "battery field does not end with %");
        }
        int percent = integer(battery.substring(0, battery.length() - 1));
        GeoPosition position = !valid && lat == 0 && lon == 0 ? null : position(lat, lon);
        return Report.builder(device, time)
                .receivedAt(context.receivedAt())
                .channel(context.channel())
                .position(position, valid)
                .speedKmh(round(number(f[at + 7]) * MPH_TO_KMH))
                .courseDegrees(number(f[at + 8]))
                .satellites(integer(f[at + 9]))
                .batteryPercent(percent <= 100 ? percent : null)
                .odometerKm((double) integer(f[at + 15]))
                .build();
    }

    private static void need(String[] f, int count) {
        if (f.length < count) {
            throw new RejectedFrame(
                    RejectReason.TRUNCATED, f[1] + " needs " + count + " fields, the frame has " + f.length);
        }
    }

    private static Instant time(String date, String time) {
        if (date.length() != 6
                || time.length() != 6
                || !DIGITS.matcher(date + time).matches()) {
            throw new RejectedFrame(RejectReason.MALFORMED, "date or time is not ddMMyy,HHmmss");
        }
        try {
            return LocalDateTime.of(
                            2000 + Integer.parseInt(date.substring(4, 6)),
                            Integer.parseInt(date.substring(2, 4)),
                            Integer.parseInt(date.substring(0, 2)),
                            Integer.parseInt(time.substring(0, 2)),
                            Integer.parseInt(time.substring(2, 4)),
                            Integer.parseInt(time.substring(4, 6)))
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new RejectedFrame(RejectReason.MALFORMED, "no such date or time: " + date + "," + time);
        }
    }

    private static boolean validity(String flag, String valid, String invalid) {
        if (flag.equals(valid)) {
            return true;
        }
        if (flag.equals(invalid)) {
            return false;
        }
        throw new RejectedFrame(
                RejectReason.MALFORMED, "fix flag '" + flag + "' is neither " + valid + " nor " + invalid);
    }

    /** Decimal degrees with a hemisphere letter. */
    private static double decimal(String value, String hemisphere, String positive, String negative) {
        double degrees = number(value);
        return signed(degrees, hemisphere, positive, negative);
    }

    /** {@code DDDMM.mmmm} (degrees and minutes) with a hemisphere letter. */
    private static double minutes(String value, String hemisphere, String positive, String negative) {
        double raw = number(value);
        double whole = Math.floor(raw / 100);
        double minutes = raw - whole * 100;
        if (minutes >= 60) {
            throw new RejectedFrame(RejectReason.MALFORMED, "minutes of 60 or more in " + value);
        }
        return signed(Math.round((whole + minutes / 60) * 1e6) / 1e6, hemisphere, positive, negative);
    }

    private static double signed(double degrees, String hemisphere, String positive, String negative) {
        if (hemisphere.equals(positive)) {
            return degrees;
        }
        if (hemisphere.equals(negative)) {
            return -degrees;
        }
        throw new RejectedFrame(RejectReason.MALFORMED, "hemisphere '" + hemisphere + "'");
    }

    private static GeoPosition position(double lat, double lon) {
        if (!GeoPosition.isValid(lat, lon)) {
            throw new RejectedFrame(RejectReason.IMPOSSIBLE_COORDINATES, "position off the globe: " + lat + ", " + lon);
        }
        return new GeoPosition(lat, lon);
    }

    private static double number(String value) {
        if (value.length() > 18 || !NUMBER.matcher(value).matches()) {
            throw new RejectedFrame(RejectReason.MALFORMED, "not a number: '" + abbreviate(value) + "'");
        }
        return Double.parseDouble(value);
    }

    private static int integer(String value) {
        if (value.isEmpty() || value.length() > 9 || !DIGITS.matcher(value).matches()) {
            throw new RejectedFrame(RejectReason.MALFORMED, "not an integer: '" + abbreviate(value) + "'");
        }
        return Integer.parseInt(value);
    }

    private static String abbreviate(String value) {
        return value.length() > 20 ? value.substring(0, 20) + "…" : value;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
