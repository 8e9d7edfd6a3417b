/**
 * Health of the named-pipe endpoints.
 */
@NullMarked
package dev.namedpipe.boot.health;

import org.jspecify.annotations.NullMarked;
