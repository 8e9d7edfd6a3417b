/**
 * What the project's own modules build on beyond the API; exported to them alone.
 */
@NullMarked
package dev.namedpipe.spi;

import org.jspecify.annotations.NullMarked;
