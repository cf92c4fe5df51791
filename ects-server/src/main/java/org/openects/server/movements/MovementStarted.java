package org.openects.server.movements;

/** Published when a movement starts being supervised. */
public record MovementStarted(Movement movement) {}
