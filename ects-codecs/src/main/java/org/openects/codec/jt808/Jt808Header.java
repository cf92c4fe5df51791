package org.openects.codec.jt808;

import org.openects.domain.DeviceId;

/**
 * The header of one unescaped JT/T 808 message.
 *
 * @param messageId the message id
 * @param properties the body properties word (body length, encryption, sub-packaging, 2019 version flag)
 * @param protocolVersion the JT/T 808-2019 version byte, or -1 for a 2013 header
 * @param phone the terminal phone number as sent (6 BCD bytes, 10 in a 2019 header)
 * @param device the phone number's digits: the device id
 * @param serial the message serial number
 * @param packets how many packets the message was cut into (1 when not sub-packaged)
 * @param packet which one this is, from 1
 * @param bodyOffset where the body starts in the unescaped message
 * @param bodyLength the body's length
 */
record Jt808Header(
        int messageId,
        int properties,
        int protocolVersion,
        byte[] phone,
        DeviceId device,
        int serial,
        int packets,
        int packet,
        int bodyOffset,
        int bodyLength) {

    /** Properties bits 0–9: the body length. */
    static final int LENGTH_MASK = 0x03ff;

    /** Properties bit 13: the message is sub-packaged (a package item follows the serial). */
    static final int SPLIT = 0x2000;

    /** Properties bit 14: a JT/T 808-2019 header (version byte, 10-byte phone). */
    static final int VERSION_2019 = 0x4000;

    /** Jointech's e-seal messages, with a one-byte serial and vendor meanings in the properties word. */
    static boolean isJointech(int messageId) {
        return messageId == Jt808Codec.JOINTECH_LIVE || messageId == Jt808Codec.JOINTECH_HISTORY;
    }

    /** Properties bits 10–12: the body's encryption (0: none, bit 10: RSA); not meaningful for Jointech messages. */
    int encryption() {
        return isJointech(messageId) ? 0 : properties >>> 10 & 0x7;
    }

    boolean is2019() {
        return protocolVersion >= 0;
    }

    /** Jointech's flag (properties bit 15) asking for the short acknowledgement 0x4401. */
    boolean jointechAcknowledgementWanted() {
        return (properties & 0x8000) != 0;
    }
}
