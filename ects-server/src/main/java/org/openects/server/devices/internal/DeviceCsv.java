package org.openects.server.devices.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.openects.domain.DeviceId;
import org.openects.server.devices.DeviceKind;
import org.openects.server.devices.DeviceRegistration;
import org.openects.server.shared.FieldProblem;
import org.openects.server.shared.InvalidFieldException;

/**
 * Reads the bulk-import CSV: a header line {@code deviceId,kind,sealClass,protocol,firmware} or {@code
 * deviceId,kind,sealClass,protocol,firmware,payloadFormat} (the columns after kind may be empty; the payload format is
 * for Iridium devices only), then one device per line. Every bad line is reported, by line number, before anything is registered.
 */
final class DeviceCsv {

    static final String HEADER = "deviceId,kind,sealClass,protocol,firmware";
    static final String HEADER_WITH_FORMAT = HEADER + ",payloadFormat";
    private static final int MAX_LINES = 10_000;

    private DeviceCsv() {}

    static List<DeviceRegistration> parse(String csv, @Nullable Long owner) {
        String[] lines = csv.split("\\R");
        String header = lines.length == 0 ? "" : lines[0].strip().replace(" ", "");
        if (!header.equalsIgnoreCase(HEADER) && !header.equalsIgnoreCase(HEADER_WITH_FORMAT)) {
            throw new InvalidFieldException(
                    "line 1", "the first line must be the header " + HEADER + " or " + HEADER_WITH_FORMAT);
        }
        int columns = header.equalsIgnoreCase(HEADER) ? 5 : 6;
        if (lines.length - 1 > MAX_LINES) {
            throw new InvalidFieldException("body", "at most " + MAX_LINES + " devices per import");
        }
        List<DeviceRegistration> registrations = new ArrayList<>();
        List<FieldProblem> problems = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String field = "line " + (i + 1);
            String[] cells = line.split(",", -1);
            if (cells.length < 2 || cells.length > columns) {
                problems.add(new FieldProblem(field, "expected 2 to " + columns + " comma-separated values"));
                continue;
            }
            String id = cells[0].strip();
            if (!DeviceId.isValid(id)) {
                problems.add(new FieldProblem(field, "deviceId must be 1-64 letters, digits, '.', '-' or '_'"));
                continue;
            }
            DeviceKind kind;
            try {
                kind = DeviceKind.valueOf(cells[1].strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem(field, "kind must be E_SEAL, E_LOCK or TRACKER"));
                continue;
            }
            String sealClass = cell(cells, 2);
            if (sealClass != null && !sealClass.matches("[ISH]")) {
                problems.add(new FieldProblem(field, "sealClass must be I, S or H"));
                continue;
            }
            String protocol = cell(cells, 3);
            if (protocol != null && !protocol.matches("openects|ais140|jt600|jt808|teltonika|iridium")) {
                problems.add(new FieldProblem(
                        field, "protocol must be one of openects, ais140, jt600, jt808, teltonika, iridium"));
                continue;
            }
            String firmware = cell(cells, 4);
            if (firmware != null && firmware.length() > DeviceRegistration.FIRMWARE_MAX) {
                problems.add(new FieldProblem(
                        field, "firmware must be at most " + DeviceRegistration.FIRMWARE_MAX + " characters"));
                continue;
            }
            String payloadFormat = cell(cells, 5);
            if (payloadFormat != null && !payloadFormat.matches("native|t622")) {
                problems.add(new FieldProblem(field, "payloadFormat must be native or t622"));
                continue;
            }
            DeviceRegistration registration =
                    new DeviceRegistration(id, kind, sealClass, owner, firmware, protocol, payloadFormat);
            String formatProblem = registration.payloadFormatProblem();
            if (formatProblem != null) {
                problems.add(new FieldProblem(field, "payloadFormat: " + formatProblem));
                continue;
            }
            registrations.add(registration);
        }
        if (!problems.isEmpty()) {
            throw new InvalidFieldException(problems);
        }
        if (registrations.isEmpty()) {
            throw new InvalidFieldException("body", "no device lines after the header");
        }
        return registrations;
    }

    private static @Nullable String cell(String[] cells, int index) {
        if (index >= cells.length) {
            return null;
        }
        String value = cells[index].strip();
        return value.isEmpty() ? null : value;
    }
}
