/**
 * Auto-configuration of the named-pipe HTTP clients, {@code namedpipe.client.<id>.*}.
 */
@NullMarked
package dev.namedpipe.boot.autoconfigure.client;

import org.jspecify.annotations.NullMarked;
