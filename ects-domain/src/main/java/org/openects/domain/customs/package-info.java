/**
 * Customs reference numbers and their validation: the Movement Reference Number of a transit declaration
 * ({@link org.openects.domain.customs.Mrn}) and the ISO 6346 container number
 * ({@link org.openects.domain.customs.ContainerNumber}). A refused value raises
 * {@link org.openects.domain.customs.CustomsReferenceException}, which names the broken rule as a stable code.
 */
@NullMarked
package org.openects.domain.customs;

import org.jspecify.annotations.NullMarked;
