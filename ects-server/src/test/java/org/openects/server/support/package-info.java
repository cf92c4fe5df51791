/** Test support: real PostgreSQL databases and MQTT settings for the integration tests, and the single-box platform. */
@NullMarked
package org.openects.server.support;

import org.jspecify.annotations.NullMarked;
