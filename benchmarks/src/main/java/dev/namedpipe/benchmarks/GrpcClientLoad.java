package dev.namedpipe.benchmarks;

import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

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
			load(channel, stream, threads, 1_000_000_000L);
			long[] counts = load(channel, stream, threads, nanos);
			System.out.println(HttpClientLoad.RESULT + " " + counts[0] + " " + counts[1] + " " + counts[2]);
		}
		finally {
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	// Calls and bytes answered by all threads, and the nanoseconds they took.
	private static long[] load(ManagedChannel channel, boolean stream, int threads, long nanos) throws Exception {
		LongAdder calls = new LongAdder();
		LongAdder bytes = new LongAdder();
		AtomicBoolean stop = new AtomicBoolean();
		CountDownLatch done = new CountDownLatch(threads);
		byte[] request = new byte[16];
		long start = System.nanoTime();
		for (int i = 0; i < threads; i++) {
			Thread worker = new Thread(() -> {
				try {
					while (!stop.get()) {
						if (stream) {
							Iterator<byte[]> chunks = ClientCalls.blockingServerStreamingCall(channel,
									GrpcBenchmarkServer.STREAM, CallOptions.DEFAULT, request);
							while (chunks.hasNext()) {
								bytes.add(chunks.next().length);
							}
						}
						else {
							bytes.add(ClientCalls.blockingUnaryCall(channel, GrpcBenchmarkServer.UNARY, CallOptions.DEFAULT,
									request).length);
						}
						calls.increment();
					}
				}
				finally {
					done.countDown();
				}
			}, "load-" + i);
			worker.start();
		}
		Thread.sleep(nanos / 1_000_000);   // the measured interval itself, not a wait for a state
		stop.set(true);
		done.await();
		return new long[] { calls.sum(), bytes.sum(), System.nanoTime() - start };
	}

}
