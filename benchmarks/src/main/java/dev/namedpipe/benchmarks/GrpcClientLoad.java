package dev.namedpipe.benchmarks;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.okhttp.OkHttpChannelBuilder;
import io.grpc.stub.ClientCalls;

import dev.namedpipe.grpc.NamedPipeGrpcChannels;

/**
 * The client process of the gRPC scenario: one grpc-java channel of the OkHttp transport, over
 * our pipe client ({@code pipe}, {@link NamedPipeGrpcChannels}) or TCP loopback ({@code tcp}),
 * with {@code threads} threads making blocking calls of one kind in a loop for a warm-up second
 * and then {@code seconds}: {@code unary} (16 bytes each way) or {@code stream} (1 MiB answered
 * in chunks); prints {@code result <calls> <bytes> <nanos>}.
 *
 * <p>Arguments: {@code kind target call threads seconds}, the target a socket path or a port.
 */
public final class GrpcClientLoad {

	private GrpcClientLoad() {
	}

	public static void main(String[] args) throws Exception {
		String kind = args[0];
		String target = args[1];
		boolean stream = switch (args[2]) {
			case "unary" -> false;
			case "stream" -> true;
			default -> throw new IllegalArgumentException("call must be unary or stream, not '" + args[2] + "'");
		};
		int threads = Integer.parseInt(args[3]);
		long nanos = Long.parseLong(args[4]) * 1_000_000_000L;
		ManagedChannel channel = switch (kind) {
			case "pipe" -> NamedPipeGrpcChannels.forPipe(target).build();
			case "tcp" -> OkHttpChannelBuilder.forAddress("127.0.0.1", Integer.parseInt(target)).usePlaintext().build();
			default -> throw new IllegalArgumentException("kind must be pipe or tcp, not '" + kind + "'");
		};
		try {
			byte[] request = new byte[16];
			ClosedLoopLoad.warmUpRunAndPrint(threads, nanos, () -> callOnce(channel, stream, request));
		}
		finally {
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	private static long callOnce(ManagedChannel channel, boolean stream, byte[] request) {
		if (!stream) {
			return ClientCalls.blockingUnaryCall(channel, GrpcBenchmarkServer.UNARY, CallOptions.DEFAULT, request).length;
		}
		long bytes = 0;
		Iterator<byte[]> chunks = ClientCalls.blockingServerStreamingCall(channel, GrpcBenchmarkServer.STREAM,
				CallOptions.DEFAULT, request);
		while (chunks.hasNext()) {
			bytes += chunks.next().length;
		}
		return bytes;
	}

}
