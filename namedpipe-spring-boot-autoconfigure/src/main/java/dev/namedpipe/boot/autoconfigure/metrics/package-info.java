/**
 * Auto-configuration of the named-pipe metrics.
 */
@NullMarked
package dev.namedpipe.boot.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
