/**
 * gRPC over named pipes in a Spring gRPC application: a channel factory for
 * {@code namedpipe:} targets.
 */
@NullMarked
package dev.namedpipe.boot.grpc;

import org.jspecify.annotations.NullMarked;
