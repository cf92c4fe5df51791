package org.openects.codec.ais140;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.openects.domain.GeoPosition;

/**
 * Where the fields of an AIS-140 frame are, whatever the vendor's layout: the IMEI, the coordinates, the device time
 * and fix flag before them, the digital inputs, and the odometer after the outputs. {@link Ais140Codec} finds the
 * fields here by their content and reads them into messages.
 */
final class Ais140Layout {

    private Ais140Layout() {}

    /** The first field of exactly 15 digits (the IMEI), or -1. */
    static int imeiIndex(Fields f) {
        for (int i = 0; i < f.size(); i++) {
            if (Fields.isDigits(f.at(i), 15)) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the first {@code latitude,N|S,longitude,E|W} run at or after {@code from}, or -1. */
    static int coordinatesIndex(Fields f, int from) {
        for (int i = Math.max(from, 0); i + 3 < f.size(); i++) {
            if (isHemisphere(f.at(i + 1), "N", "S")
                    && isHemisphere(f.at(i + 3), "E", "W")
                    && f.unsignedDecimal(i) != null
                    && f.unsignedDecimal(i + 2) != null) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isHemisphere(String text, String positive, String negative) {
        return text.equals(positive) || text.equals(negative);
    }

    static @Nullable GeoPosition position(Fields f, int coordinates) {
        double latitude =
                f.unsignedDecimal(coordinates) * (f.at(coordinates + 1).equals("S") ? -1 : 1);
        double longitude =
                f.unsignedDecimal(coordinates + 2) * (f.at(coordinates + 3).equals("W") ? -1 : 1);
        if (latitude == 0 && longitude == 0) {
            return null;
        }
        return GeoPosition.isValid(latitude, longitude) ? new GeoPosition(latitude, longitude) : null;
    }

    static boolean zeroCoordinates(Fields f, int coordinates) {
        return f.unsignedDecimal(coordinates) == 0 && f.unsignedDecimal(coordinates + 2) == 0;
    }

    /**
     * The digital inputs field (four of 0/1/2) followed by the outputs field (two of 0/1): where the standard puts it
     * (after the serving cell and four neighbour cells of three fields each), else the first such pair after the
     * serving cell (vendors that send no, or grouped, neighbour cells). -1 when there is none.
     */
    static int inputsIndex(Fields f, int neighbours) {
        int standard = neighbours + 12;
        if (isInputs(f.at(standard)) && isOutputs(f.at(standard + 1))) {
            return standard;
        }
        for (int i = neighbours; i < Math.min(standard, f.size() - 1); i++) {
            if (isInputs(f.at(i)) && isOutputs(f.at(i + 1))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isInputs(String text) {
        return text.length() == 4 && text.chars().allMatch(c -> c >= '0' && c <= '2');
    }

    private static boolean isOutputs(String text) {
        return text.length() == 2 && text.chars().allMatch(c -> c == '0' || c == '1');
    }

    /**
     * The device time and fix flag just before the coordinates, in any of the layouts seen: {@code fix,ddMMyyyy,
     * HHmmss}, {@code ddMMyyyy,HHmmss,fix}, {@code fix,ddMMyy,HHmmss}, {@code dd,MM,yyyy,HH,mm,ss} and {@code
     * ddMMyyyyHHmmss,A|V}. An all-zero date means the device has no time yet.
     */
    static Stamp stamp(Fields f, int from, int coordinates) {
        int j = coordinates - 1;
        @Nullable String fix = isFix(f.at(j)) ? f.at(j--) : null;
        String date;
        String time;
        String compact = f.at(j);
        if (j >= from && Fields.isDigits(compact, 14)) {
            date = compact.substring(0, 8);
            time = compact.substring(8);
            j -= 1;
        } else if (j - 1 >= from
                && Fields.isDigits(f.at(j), 6)
                && (Fields.isDigits(f.at(j - 1), 8) || Fields.isDigits(f.at(j - 1), 6))) {
            date = f.at(j - 1);
            time = f.at(j);
            j -= 2;
        } else if (j - 5 >= from && isSplitDateTime(f, j - 5)) {
            date = f.at(j - 5) + f.at(j - 4) + f.at(j - 3);
            time = f.at(j - 2) + f.at(j - 1) + f.at(j);
            j -= 6;
        } else {
            return new Stamp(null, false, "no date and time before the coordinates");
        }
        if (fix == null && j >= from && isFix(f.at(j))) {
            fix = f.at(j);
        }
        boolean valid = "1".equals(fix) || "A".equals(fix);
        if (Long.parseLong(date) == 0) {
            return new Stamp(null, valid, null);
        }
        int year = Integer.parseInt(date.substring(4));
        try {
            LocalDateTime dateTime = LocalDateTime.of(
                    date.length() == 6 ? 2000 + year : year,
                    Integer.parseInt(date.substring(2, 4)),
                    Integer.parseInt(date.substring(0, 2)),
                    Integer.parseInt(time.substring(0, 2)),
                    Integer.parseInt(time.substring(2, 4)),
                    Integer.parseInt(time.substring(4, 6)));
            return new Stamp(dateTime.toInstant(ZoneOffset.UTC), valid, null);
        } catch (DateTimeException e) {
            return new Stamp(null, false, "impossible date and time " + date + " " + time);
        }
    }

    private static boolean isFix(String text) {
        return text.equals("A") || text.equals("V") || text.equals("0") || text.equals("1");
    }

    private static boolean isSplitDateTime(Fields f, int start) {
        int[] lengths = {2, 2, 4, 2, 2, 2};
        for (int i = 0; i < lengths.length; i++) {
            if (!Fields.isDigits(f.at(start + i), lengths[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * When the device took the reading ({@code null}: it had no time yet), whether its fix was valid, and what was
     * wrong with the date when it could not be read ({@code null} when nothing was).
     */
    record Stamp(
            @Nullable Instant time,
            boolean validFix,
            @Nullable String problem) {}

    /**
     * Where a vendor puts the odometer (km) after the digital outputs, for the vendors whose layout the captures
     * show; other vendors' trailing fields (frame number, analog inputs, accelerometer, debug) are not read.
     */
    enum Trailer {
        /** {@code frame number,odometer,…}: CTPL ({@code $,C,CTPL,…}) and RLP ({@code $RLP,…}). */
        FRAME_ODOMETER(1),
        /** {@code analog 1,analog 2,frame number,odometer,…}: Roadpoint ({@code $NRM,…}). */
        ANALOG_ANALOG_FRAME_ODOMETER(3),
        /** {@code frame number,checksum,odometer,…}: MFR ({@code $,A,MFR,…}). */
        FRAME_CHECKSUM_ODOMETER(2),
        /** No known odometer. */
        NONE(-1);

        private final int odometerOffset;

        Trailer(int odometerOffset) {
            this.odometerOffset = odometerOffset;
        }

        static Trailer of(Fields f) {
            String first = f.at(0);
            if (first.isEmpty()) {
                return switch (f.at(2)) {
                    case "CTPL" -> FRAME_ODOMETER;
                    case "MFR" -> FRAME_CHECKSUM_ODOMETER;
                    default -> NONE;
                };
            }
            return switch (first) {
                case "RLP" -> FRAME_ODOMETER;
                case "NRM" -> ANALOG_ANALOG_FRAME_ODOMETER;
                default -> NONE;
            };
        }

        @Nullable
        Double odometerKm(Fields f, int trailer) {
            if (odometerOffset < 0 || !f.at(trailer + odometerOffset).contains(".")) {
                return null;
            }
            return f.unsignedDecimal(trailer + odometerOffset);
        }
    }
}
