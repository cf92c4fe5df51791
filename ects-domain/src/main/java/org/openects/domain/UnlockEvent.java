package org.openects.domain;

import org.jspecify.annotations.Nullable;

/**
 * An attempt to unlock an electronic lock, as the lock reported it.
 *
 * @param method how it was attempted
 * @param authorised whether the lock accepted it (opened)
 * @param credential the RFID card number or other credential presented, when the lock reports it
 * @param resultCode the vendor's raw result code, kept for diagnosis
 */
public record UnlockEvent(
        UnlockMethod method,
        boolean authorised,
        @Nullable String credential,
        @Nullable Integer resultCode) {}
