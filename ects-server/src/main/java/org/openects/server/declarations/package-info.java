/**
 * Customs documents a movement is declared under (a transit declaration with its MRN, BC 1.2, PLP, an off-site storage
 * permit, a shipping bill) and the traders' requests for e-seals against them. Publishes {@link
 * org.openects.server.declarations.DeclarationFiled}, {@link org.openects.server.declarations.SealsRequested}, {@link
 * org.openects.server.declarations.SealRequestRefused} and {@link org.openects.server.declarations.SealsAssigned}
 * synchronously, inside the transaction that stores them, so that a listener that refuses (throws) undoes the change.
 */
@ApplicationModule(
        displayName = "Declarations",
        allowedDependencies = {"audit", "corridors", "devices", "identity", "reference", "shared"})
@NullMarked
package org.openects.server.declarations;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
