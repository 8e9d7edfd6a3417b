/**
 * Auto-configuration of HTTP over named pipes.
 */
@NullMarked
package dev.namedpipe.boot.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
