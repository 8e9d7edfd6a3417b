package dev.namedpipe.boot.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import dev.namedpipe.NamedPipeTransportOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata generated at build time lists every {@code namedpipe.*}
 * property with a description, and the defaults it shows are those that apply.
 */
class ConfigurationMetadataTests {

	private static final List<String> PROPERTIES = List.of("namedpipe.enabled", "namedpipe.name",
			"namedpipe.listener-queue-count", "namedpipe.max-read-buffer-size", "namedpipe.max-write-buffer-size",
			"namedpipe.current-user-only", "namedpipe.security-descriptor", "namedpipe.unix-socket-permissions",
			"namedpipe.reject-remote-clients", "namedpipe.instance-in-buffer-size", "namedpipe.instance-out-buffer-size",
			"namedpipe.unix-send-buffer-size",
			"namedpipe.max-connections", "namedpipe.idle-timeout",
			"namedpipe.shutdown-timeout", "namedpipe.handler",
			"namedpipe.http.enabled", "namedpipe.http.pipe-only", "namedpipe.max-handler-threads", "namedpipe.endpoints",
			"namedpipe.client", "namedpipe.grpc.client.channels");

	private static final List<String> APPLICATION_WIDE = List.of("namedpipe.enabled", "namedpipe.http.pipe-only",
			"namedpipe.max-handler-threads", "namedpipe.endpoints", "namedpipe.client", "namedpipe.grpc.client.channels");

	@Test
	void listsEveryPropertyWithADescription() throws IOException {
		List<Map<String, Object>> properties = JsonPath.read(metadata(), "$.properties[*]");
		assertThat(properties).extracting((property) -> property.get("name"))
			.containsExactlyInAnyOrderElementsOf(PROPERTIES);
		assertThat(properties).allSatisfy((property) -> assertThat((String) property.get("description"))
			.as("description of %s", property.get("name"))
			.isNotBlank()
			.endsWith("."));
	}

	// IDEs complete map values from the value type's JavaBean properties, as the binder binds
	// them: an endpoint offers the top-level settings but those of the whole application.
	@Test
	void endpointsOfferTheTopLevelSettingsButThoseOfTheWholeApplication() throws IOException {
		List<String> endpoints = JsonPath.read(metadata(), "$.properties[?(@.name == 'namedpipe.endpoints')].type");
		assertThat(endpoints)
			.containsExactly("java.util.Map<java.lang.String," + NamedPipeEndpointProperties.class.getName() + ">");
		List<String> endpointProperties = propertyNames("namedpipe.endpoints.*.", NamedPipeEndpointProperties.class);
		assertThat(endpointProperties).doesNotContain("namedpipe.endpoints.*.http.pipe-only")
			.containsExactlyInAnyOrderElementsOf(PROPERTIES.stream()
				.filter((property) -> !APPLICATION_WIDE.contains(property))
				.map((property) -> property.replace("namedpipe.", "namedpipe.endpoints.*."))
				.toList());
	}

	@Test
	void showsTheDefaultsThatApply() throws IOException {
		Map<String, Object> defaults = defaults();
		assertThat(DataSize.parse((String) defaults.get("namedpipe.max-read-buffer-size")).toBytes())
			.isEqualTo(NamedPipeTransportOptions.DEFAULT_MAX_READ_BUFFER_SIZE);
		assertThat(DataSize.parse((String) defaults.get("namedpipe.max-write-buffer-size")).toBytes())
			.isEqualTo(NamedPipeTransportOptions.DEFAULT_MAX_WRITE_BUFFER_SIZE);
		NamedPipeTransportOptions transportDefaults = NamedPipeTransportOptions.defaults();
		assertThat(DataSize.parse((String) defaults.get("namedpipe.instance-in-buffer-size")).toBytes())
			.isEqualTo(transportDefaults.instanceInBufferSize());
		assertThat(DataSize.parse((String) defaults.get("namedpipe.instance-out-buffer-size")).toBytes())
			.isEqualTo(transportDefaults.instanceOutBufferSize());
		assertThat(defaults).containsEntry("namedpipe.current-user-only", transportDefaults.currentUserOnly())
			.containsEntry("namedpipe.reject-remote-clients", transportDefaults.rejectRemoteClients())
			.containsEntry("namedpipe.enabled", new NamedPipeProperties().isEnabled())
			.containsEntry("namedpipe.max-handler-threads", new NamedPipeProperties().getMaxHandlerThreads())
			.containsEntry("namedpipe.http.enabled", false)
			.containsEntry("namedpipe.http.pipe-only", false);
		Binder binder = new Binder(new MapConfigurationPropertySource(
				Map.of("timeout", defaults.get("namedpipe.shutdown-timeout"))));
		assertThat(binder.bind("timeout", java.time.Duration.class).get())
			.isEqualTo(NamedPipeEndpointResolver.DEFAULT_SHUTDOWN_TIMEOUT);
	}

	private static List<String> propertyNames(String prefix, Class<?> type) {
		List<String> names = new ArrayList<>();
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			String name = prefix + DataObjectPropertyName.toDashedForm(property.getName());
			Class<?> propertyType = property.getPropertyType();
			if (propertyType.getName().startsWith("dev.namedpipe.")) {
				names.addAll(propertyNames(name + ".", propertyType));
			}
			else if (property.getWriteMethod() != null) {
				names.add(name);
			}
		}
		return names;
	}

	private static Map<String, Object> defaults() throws IOException {
		List<Map<String, Object>> properties = JsonPath.read(metadata(), "$.properties[*]");
		return properties.stream()
			.filter((property) -> property.get("defaultValue") != null)
			.collect(java.util.stream.Collectors.toMap((property) -> (String) property.get("name"),
					(property) -> property.get("defaultValue")));
	}

	private static String metadata() throws IOException {
		try (InputStream input = ConfigurationMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(input).as("generated metadata").isNotNull();
			return new String(input.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
	}

}
