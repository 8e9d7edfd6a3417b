/**
 * Auto-configuration of Spring Security over named pipes.
 */
@NullMarked
package dev.namedpipe.boot.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
