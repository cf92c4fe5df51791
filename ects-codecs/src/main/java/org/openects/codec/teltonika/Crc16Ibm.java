package org.openects.codec.teltonika;

/** CRC-16/IBM (also called CRC-16/ARC: polynomial 0x8005 reflected, initial value 0), as Teltonika computes it. */
final class Crc16Ibm {

    private Crc16Ibm() {}

    static int compute(byte[] bytes, int offset, int length) {
        int crc = 0;
        for (int i = offset; i < offset + length; i++) {
            crc ^= bytes[i] & 0xff;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return crc;
    }
}
