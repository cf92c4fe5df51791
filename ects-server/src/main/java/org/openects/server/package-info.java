/** The OpenECTS Spring Boot application; each sub-package is one Spring Modulith module (a business capability). */
@NullMarked
package org.openects.server;

import org.jspecify.annotations.NullMarked;
