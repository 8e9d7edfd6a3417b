/**
 * Micrometer metrics of the named-pipe endpoints.
 */
@NullMarked
package dev.namedpipe.boot.metrics;

import org.jspecify.annotations.NullMarked;
