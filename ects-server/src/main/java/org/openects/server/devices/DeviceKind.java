package org.openects.server.devices;

/** What a registered device is. */
public enum DeviceKind {
    /** Electronic seal (bolt or cable), ISO 17712 class I, S or H. */
    E_SEAL,
    /** Electronic padlock that can be unlocked remotely or by RFID card. */
    E_LOCK,
    /** GPS tracker on the tractor or trailer. */
    TRACKER
}
