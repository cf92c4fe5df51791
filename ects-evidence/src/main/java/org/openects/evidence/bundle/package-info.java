/**
 * The XML evidence bundle for auditors: entries with inclusion proofs, the signed checkpoint, frame digests and an
 * enveloped XML signature; the writer and the offline verifier. Schema: {@code org/openects/evidence/evidence-bundle.xsd}.
 */
@NullMarked
package org.openects.evidence.bundle;

import org.jspecify.annotations.NullMarked;
