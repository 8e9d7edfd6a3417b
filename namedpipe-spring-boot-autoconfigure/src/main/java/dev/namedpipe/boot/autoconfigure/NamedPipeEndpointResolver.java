package dev.namedpipe.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

import dev.namedpipe.InvalidNamedPipeSettingException;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.boot.InvalidNamedPipePropertyException;
import dev.namedpipe.boot.NamedPipeEndpointDefinition;
import dev.namedpipe.boot.NamedPipeEndpoints;

/**
 * Resolves {@link NamedPipeProperties} into {@link NamedPipeEndpoints}: endpoint settings
 * fall back to the top-level ones, then to the transport defaults. A setting the transport
 * rejects is reported as an {@link InvalidNamedPipePropertyException} naming the property
 * the value came from.
 */
final class NamedPipeEndpointResolver {

	/** Default of {@code namedpipe.shutdown-timeout}. */
	static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	private static final String TOP_LEVEL_PREFIX = "namedpipe.";

	private static final List<Setting<?>> SETTINGS = List.of(
			new Setting<>("listener-queue-count", AbstractNamedPipeEndpointProperties::getListenerQueueCount,
					NamedPipeTransportOptions.Builder::listenerQueueCount),
			new Setting<>("max-read-buffer-size", AbstractNamedPipeEndpointProperties::getMaxReadBufferSize,
					(options, size) -> options.maxReadBufferSize(size.toBytes())),
			new Setting<>("max-write-buffer-size", AbstractNamedPipeEndpointProperties::getMaxWriteBufferSize,
					(options, size) -> options.maxWriteBufferSize(size.toBytes())),
			new Setting<>("current-user-only", AbstractNamedPipeEndpointProperties::getCurrentUserOnly,
					NamedPipeTransportOptions.Builder::currentUserOnly),
			new Setting<>("security-descriptor", AbstractNamedPipeEndpointProperties::getSecurityDescriptor,
					NamedPipeTransportOptions.Builder::securityDescriptor),
			new Setting<String>("unix-socket-permissions",
					AbstractNamedPipeEndpointProperties::getUnixSocketPermissions,
					NamedPipeTransportOptions.Builder::unixSocketPermissions),
			new Setting<>("reject-remote-clients", AbstractNamedPipeEndpointProperties::getRejectRemoteClients,
					NamedPipeTransportOptions.Builder::rejectRemoteClients),
			new Setting<>("instance-in-buffer-size", AbstractNamedPipeEndpointProperties::getInstanceInBufferSize,
					(options, size) -> options.instanceInBufferSize(size.toBytes())),
			new Setting<>("instance-out-buffer-size", AbstractNamedPipeEndpointProperties::getInstanceOutBufferSize,
					(options, size) -> options.instanceOutBufferSize(size.toBytes())),
			new Setting<>("unix-send-buffer-size", AbstractNamedPipeEndpointProperties::getUnixSendBufferSize,
					(options, size) -> options.unixSendBufferSize(size.toBytes())),
			new Setting<>("max-connections", AbstractNamedPipeEndpointProperties::getMaxConnections,
					NamedPipeTransportOptions.Builder::maxConnections),
			new Setting<>("idle-timeout", AbstractNamedPipeEndpointProperties::getIdleTimeout,
					NamedPipeTransportOptions.Builder::idleTimeout, true));

	private final NamedPipeProperties properties;

	private final List<NamedPipeTransportOptionsCustomizer> customizers;

	NamedPipeEndpointResolver(NamedPipeProperties properties, List<NamedPipeTransportOptionsCustomizer> customizers) {
		this.properties = properties;
		this.customizers = customizers;
	}

	NamedPipeEndpoints resolve() {
		List<NamedPipeEndpointDefinition> definitions = new ArrayList<>();
		if (StringUtils.hasText(this.properties.getName())) {
			definitions.add(resolve(NamedPipeProperties.DEFAULT_ENDPOINT_ID, TOP_LEVEL_PREFIX, this.properties,
					this.properties.getHttp().getEnabled()));
		}
		this.properties.getEndpoints().forEach((id, endpoint) -> {
			String prefix = TOP_LEVEL_PREFIX + "endpoints." + id + ".";
			if (NamedPipeProperties.DEFAULT_ENDPOINT_ID.equals(id)) {
				throw new InvalidNamedPipePropertyException(prefix + "name", endpoint.getName(),
						"the endpoint id '" + id + "' is reserved for the top-level endpoint (namedpipe.name)",
						"Choose another endpoint id, or configure this endpoint with the top-level namedpipe.* properties",
						null);
			}
			definitions.add(resolve(id, prefix, endpoint, endpoint.getHttp().getEnabled()));
		});
		rejectSharedAddresses(definitions);
		return new NamedPipeEndpoints(definitions);
	}

	private NamedPipeEndpointDefinition resolve(String id, String prefix, AbstractNamedPipeEndpointProperties endpoint,
			@Nullable Boolean httpEnabled) {
		try {
			NamedPipeEndPoint endPoint = NamedPipeEndPoint.of(endpoint.getName());
			boolean serveHttp = Boolean.TRUE
				.equals((httpEnabled != null) ? httpEnabled : this.properties.getHttp().getEnabled());
			NamedPipeTransportOptions.Builder builder = NamedPipeTransportOptions.builder();
			for (Setting<?> setting : SETTINGS) {
				// A raw-only setting of the top level is no default for HTTP endpoints; their
				// own value is refused when their connector starts.
				setting.apply((setting.rawOnly() && serveHttp) ? new InheritedValues(endpoint, endpoint)
						: inherited(endpoint), builder);
			}
			this.customizers.forEach((customizer) -> customizer.customize(id, builder));
			NamedPipeTransportOptions options = builder.build();
			options.validateFor(endPoint.platform());
			Duration shutdownTimeout = Objects.requireNonNullElse(
					inherited(endpoint).apply(AbstractNamedPipeEndpointProperties::getShutdownTimeout),
					DEFAULT_SHUTDOWN_TIMEOUT);
			if (shutdownTimeout.isNegative()) {
				throw new InvalidNamedPipeSettingException("shutdown-timeout", shutdownTimeout,
						"a timeout cannot be negative", "Use 0s to abort open connections at once, or e.g. 30s");
			}
			String handler = inherited(endpoint).apply(AbstractNamedPipeEndpointProperties::getHandler);
			Map<String, String> settingProperties = new HashMap<>();
			for (Setting<?> setting : SETTINGS) {
				settingProperties.put(setting.name(), propertyOrigin(prefix, endpoint, setting.name()) + setting.name());
			}
			return new NamedPipeEndpointDefinition(id, prefix, endPoint, options, shutdownTimeout, handler,
					serveHttp, settingProperties);
		}
		catch (InvalidNamedPipeSettingException ex) {
			String property = propertyOrigin(prefix, endpoint, ex.getSetting()) + ex.getSetting();
			throw new InvalidNamedPipePropertyException(property, ex.getValue(), ex.getReason(), ex.getAction(), ex);
		}
	}

	// The endpoint's own value, else the top-level one (the name is never inherited).
	private InheritedValues inherited(AbstractNamedPipeEndpointProperties endpoint) {
		return new InheritedValues(endpoint, this.properties);
	}

	// Where a rejected value was configured: the endpoint, else the top level when only it
	// has a value; a value from a customizer or a default is reported on the endpoint.
	private String propertyOrigin(String prefix, AbstractNamedPipeEndpointProperties endpoint, String setting) {
		@Nullable Function<AbstractNamedPipeEndpointProperties, ?> getter = SETTINGS.stream()
			.filter((candidate) -> candidate.name().equals(setting))
			.<Function<AbstractNamedPipeEndpointProperties, ?>>map(Setting::getter)
			.findFirst()
			.orElse(null);
		if (getter != null && getter.apply(endpoint) == null && getter.apply(this.properties) != null) {
			return TOP_LEVEL_PREFIX;
		}
		return prefix;
	}

	private static void rejectSharedAddresses(List<NamedPipeEndpointDefinition> definitions) {
		Map<NamedPipeEndPoint, NamedPipeEndpointDefinition> byAddress = new HashMap<>();
		for (NamedPipeEndpointDefinition definition : definitions) {
			NamedPipeEndpointDefinition other = byAddress.putIfAbsent(definition.endPoint(), definition);
			if (other != null) {
				throw new InvalidNamedPipePropertyException(definition.propertyPrefix() + "name",
						definition.endPoint().name(),
						"endpoints '" + other.id() + "' and '" + definition.id() + "' would both listen on "
								+ definition.endPoint().address(),
						"Give every endpoint its own name", null);
			}
		}
	}

	private record InheritedValues(AbstractNamedPipeEndpointProperties endpoint,
			AbstractNamedPipeEndpointProperties defaults) {

		<T> @Nullable T apply(Function<AbstractNamedPipeEndpointProperties, @Nullable T> getter) {
			T value = getter.apply(this.endpoint);
			return (value != null) ? value : getter.apply(this.defaults);
		}

	}

	/**
	 * A transport setting bound from a property.
	 * @param name the setting, as the property is named
	 * @param getter the property
	 * @param setter the option
	 * @param rawOnly whether it applies to raw endpoints only (HTTP endpoints do not inherit
	 * it)
	 */
	private record Setting<T>(String name, Function<AbstractNamedPipeEndpointProperties, @Nullable T> getter,
			BiConsumer<NamedPipeTransportOptions.Builder, T> setter, boolean rawOnly) {

		Setting(String name, Function<AbstractNamedPipeEndpointProperties, @Nullable T> getter,
				BiConsumer<NamedPipeTransportOptions.Builder, T> setter) {
			this(name, getter, setter, false);
		}

		void apply(InheritedValues values, NamedPipeTransportOptions.Builder builder) {
			T value = values.apply(this.getter);
			if (value != null) {
				this.setter.accept(builder, value);
			}
		}

	}

}
