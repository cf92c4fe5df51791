/**
 * The audit log's command-line tools, run from the server jar by the launcher: {@code ./ects audit fsck} ({@link
 * org.openects.server.audit.cli.FsckMain}) and {@code ./ects bench-audit} ({@link
 * org.openects.server.audit.cli.AuditBenchMain}). Part of the audit module, not of its API (a sub-package): they open
 * the log's storage and writer directly, outside Spring.
 */
@NullMarked
package org.openects.server.audit.cli;

import org.jspecify.annotations.NullMarked;
