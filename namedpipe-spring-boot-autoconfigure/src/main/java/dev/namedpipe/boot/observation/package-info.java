/**
 * Micrometer observations of named-pipe connections.
 */
@NullMarked
package dev.namedpipe.boot.observation;

import org.jspecify.annotations.NullMarked;
