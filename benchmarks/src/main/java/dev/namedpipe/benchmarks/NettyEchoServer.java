package dev.namedpipe.benchmarks;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;

/**
 * Netty's epoll domain-socket echo, the fastest Java peer on Linux.
 */
final class NettyEchoServer implements EchoServer {

	private final EventLoopGroup group;

	private final Channel channel;

	private final Path socket;

	private NettyEchoServer(EventLoopGroup group, Channel channel, Path socket) {
		this.group = group;
		this.channel = channel;
		this.socket = socket;
	}

	static EchoServer start(Path socket) throws InterruptedException {
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
		Channel channel = new ServerBootstrap().group(group)
			.channel(EpollServerDomainSocketChannel.class)
			.childHandler(new ChannelInitializer<>() {
				@Override
				protected void initChannel(Channel child) {
					child.pipeline().addLast(new Echo());
				}
			})
			.bind(new DomainSocketAddress(socket.toFile()))
			.sync()
			.channel();
		return new NettyEchoServer(group, channel, socket);
	}

	@Override
	public String name() {
		return "Netty epoll domain socket";
	}

	@Override
	public SocketAddress address() {
		return UnixDomainSocketAddress.of(this.socket);
	}

	@Override
	public void close() {
		this.channel.close().syncUninterruptibly();
		this.group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
		try {
			Files.deleteIfExists(this.socket);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static final class Echo extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			context.write(message);
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext context) {
			context.flush();
		}

	}

}
