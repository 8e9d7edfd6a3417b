/**
 * Spring Boot support for the named-pipe transport: the endpoints, their listeners and
 * lifecycle, and the startup failures they report.
 */
@NullMarked
package dev.namedpipe.boot;

import org.jspecify.annotations.NullMarked;
