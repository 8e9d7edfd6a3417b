/**
 * gRPC over named pipes with grpc-java: channels over the pipe client (its OkHttp transport),
 * and for grpc-java's servlet transport behind the pipe connector, the filter and the
 * client's identity in the call's context.
 */
module dev.namedpipe.grpc {

	requires transitive dev.namedpipe.jetty;
	requires transitive io.grpc;
	requires transitive io.grpc.okhttp;
	requires static transitive jakarta.servlet;

	exports dev.namedpipe.grpc;

}
