/**
 * The movement report for people, as PDF ({@link org.openects.server.audit.internal.pdf.MovementReport}): page flow,
 * fonts, the route map, and the sections. Plain rendering with PDFBox, no database and no Spring: {@code
 * MovementEvidence} gathers the content. Internal to the audit module.
 */
@NullMarked
package org.openects.server.audit.internal.pdf;

import org.jspecify.annotations.NullMarked;
