/**
 * gRPC over named pipes, with grpc-java: channels over the pipe client
 * ({@link dev.namedpipe.grpc.NamedPipeGrpcChannels}), and for services served by grpc-java's
 * servlet transport behind the pipe connector, the filter that lets pipe requests through
 * ({@link dev.namedpipe.grpc.NamedPipeGrpcFilter}) and the client's identity in each call's
 * context ({@link dev.namedpipe.grpc.NamedPipeGrpcPeer}).
 */
@NullMarked
package dev.namedpipe.grpc;

import org.jspecify.annotations.NullMarked;
