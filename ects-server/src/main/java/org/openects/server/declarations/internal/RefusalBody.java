package org.openects.server.declarations.internal;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/v1/seal-requests/{id}/refuse}.
 *
 * @param reason why, for the trader: 1-500 characters
 */
record RefusalBody(@Nullable String reason) {}
