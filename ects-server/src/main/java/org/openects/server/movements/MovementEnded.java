package org.openects.server.movements;

/** Published once the end of a movement's supervision (release or cancellation) has committed. */
public record MovementEnded(Movement movement) {}
