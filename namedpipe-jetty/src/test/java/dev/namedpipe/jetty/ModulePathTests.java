package dev.namedpipe.jetty;

import java.util.Set;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import dev.namedpipe.NamedPipeTransport;
import dev.namedpipe.testsupport.ModuleLayers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module resolves on the module path with Jetty's own modules and the transport's, and
 * the transport's {@code spi} package is exported to it alone.
 */
class ModulePathTests {

	@Test
	void resolvesWithJettyAndReadsTheTransportsSpi() throws Exception {
		ModuleLayer layer = ModuleLayers.define(Set.of("dev.namedpipe.jetty"), NamedPipeServerConnector.class,
				NamedPipeTransport.class, Server.class, HttpField.class, EndPoint.class, Callback.class, Logger.class,
				Nullable.class);
		Module jetty = layer.findModule("dev.namedpipe.jetty").orElseThrow();
		Module transport = layer.findModule("dev.namedpipe").orElseThrow();
		assertThat(jetty.getDescriptor().exports()).singleElement()
			.satisfies((export) -> assertThat(export.source()).isEqualTo("dev.namedpipe.jetty"))
			.satisfies((export) -> assertThat(export.isQualified()).isFalse());
		assertThat(jetty.canRead(transport)).isTrue();
		assertThat(transport.isExported("dev.namedpipe.spi", jetty)).isTrue();
		assertThat(transport.isExported("dev.namedpipe.spi", getClass().getModule())).isFalse();
		assertThat(transport.isExported("dev.namedpipe.internal", jetty)).isFalse();
		Class<?> connector = layer.findLoader("dev.namedpipe.jetty").loadClass(NamedPipeServerConnector.class.getName());
		assertThat(connector.getModule()).isSameAs(jetty);
		assertThat(connector.getSuperclass().getModule().getName()).isEqualTo("org.eclipse.jetty.server");
	}

}
