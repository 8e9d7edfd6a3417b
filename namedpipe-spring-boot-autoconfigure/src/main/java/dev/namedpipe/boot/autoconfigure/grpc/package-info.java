/**
 * Auto-configuration of gRPC services over named pipes.
 */
@NullMarked
package dev.namedpipe.boot.autoconfigure.grpc;

import org.jspecify.annotations.NullMarked;
