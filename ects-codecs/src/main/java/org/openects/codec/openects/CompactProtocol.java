package org.openects.codec.openects;

/**
 * Constants of the compact binary encoding of the native protocol, version 1 ({@code docs/device-protocol.md},
 * section 3). Every compact message starts with one of the type bytes below; all of them lie in {@code 0xE0-0xEF},
 * which no JWS message (starting with {@code e}, 0x65) and no byte of printable text can be.
 */
public final class CompactProtocol {

    /** Uplink: identifies the device on a connection (raw TCP, HTTP body); unsigned. */
    public static final int HELLO = 0xEF;

    /** Uplink: one position report. */
    public static final int REPORT = 0xE1;

    /** Uplink: several reports under one shared header and one tag. */
    public static final int BATCH = 0xE2;

    /** Uplink: the answer to a command. */
    public static final int ACK = 0xE4;

    /**
     * Uplink: asks the platform for its time. The uplink type bytes are at least two bits apart, so no single bit
     * flip turns one uplink message type into another.
     */
    public static final int TIME_REQUEST = 0xE8;

    /** Downlink: a command. */
    public static final int COMMAND = 0xEC;

    /** Downlink: the answer to a time request. */
    public static final int TIME_RESPONSE = 0xEB;

    /** Length of the truncated HMAC-SHA256 tag that ends every signed compact message. */
    public static final int TAG_BYTES = 8;

    /** Length of a single compact report, tag included. */
    public static final int REPORT_BYTES = 32;

    /** Length of a batch's shared header: type, count, base counter, base time. */
    public static final int BATCH_HEADER_BYTES = 10;

    /** The payload limit of one Iridium SBD mobile-originated message (9602/9603 modems). */
    public static final int SBD_MO_MAX_BYTES = 340;

    /** Compact messages longer than this are refused unparsed. */
    public static final int MAX_MESSAGE_BYTES = 1024;

    /** Most reports in one batch (the count is one byte). */
    public static final int MAX_BATCH_REPORTS = 255;

    /** How far a device clock may run ahead of the receive time, as for JSON reports. */
    public static final java.time.Duration DEFAULT_MAX_CLOCK_AHEAD = java.time.Duration.ofMinutes(5);

    /** Counters and times of the compact form are unsigned 32-bit. */
    public static final long MAX_U32 = 0xffff_ffffL;

    private CompactProtocol() {}

    /** Whether {@code first} can start a compact message (as opposed to a JWS or anything else). */
    public static boolean isCompactTypeByte(int first) {
        return (first & 0xf0) == 0xe0;
    }
}
