/**
 * Auto-configuration of the named-pipe transport: properties, endpoint resolution and
 * conditions.
 */
@NullMarked
package dev.namedpipe.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
