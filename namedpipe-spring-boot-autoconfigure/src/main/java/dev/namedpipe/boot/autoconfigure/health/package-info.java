/**
 * Auto-configuration of the named-pipe health contributor.
 */
@NullMarked
package dev.namedpipe.boot.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
