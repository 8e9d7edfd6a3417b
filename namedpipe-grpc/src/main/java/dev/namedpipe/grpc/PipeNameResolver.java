package dev.namedpipe.grpc;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import org.jspecify.annotations.Nullable;

/**
 * Resolves a channel's {@value #SCHEME} target to one placeholder address, without a lookup:
 * the channel's sockets come from {@link PipeSocketFactory}, which ignores it. One address,
 * so that a channel whose server is away tries the pipe once per reconnect, not once per
 * address {@code localhost} resolves to. The authority is {@code localhost}.
 */
final class PipeNameResolver extends NameResolver {

	static final String SCHEME = "namedpipe";

	static final String AUTHORITY = "localhost";

	private static final InetSocketAddress PLACEHOLDER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

	@Override
	public String getServiceAuthority() {
		return AUTHORITY;
	}

	@Override
	public void start(Listener2 listener) {
		listener.onResult(ResolutionResult.newBuilder()
			.setAddresses(List.of(new EquivalentAddressGroup(PLACEHOLDER)))
			.setAttributes(Attributes.EMPTY)
			.build());
	}

	@Override
	public void shutdown() {
	}

	static final class Factory extends NameResolver.Factory {

		@Override
		public @Nullable NameResolver newNameResolver(URI targetUri, Args args) {
			return SCHEME.equals(targetUri.getScheme()) ? new PipeNameResolver() : null;
		}

		@Override
		public String getDefaultScheme() {
			return SCHEME;
		}

	}

}
