/**
 * Auto-configuration for the observations of named-pipe connections.
 */
@NullMarked
package dev.namedpipe.boot.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
