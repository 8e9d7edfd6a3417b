package dev.namedpipe.boot;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.namedpipe.InvalidNamedPipeSettingException;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;

/**
 * One configured named-pipe endpoint, resolved from the {@code namedpipe.*} properties and
 * the transport options customizers.
 *
 * @param id the endpoint id ({@code default} for the top-level endpoint)
 * @param propertyPrefix the prefix of its properties, e.g. {@code namedpipe.endpoints.admin.}
 * @param endPoint the address it listens on
 * @param options its transport options
 * @param shutdownTimeout how long open connections may take to finish on shutdown
 * @param handlerBeanName the name of its handler bean, or {@code null} for the only one
 * @param httpEnabled whether it serves HTTP (bound by the HTTP module, not as raw connections)
 * @param settingProperties the full property each transport setting's value came from (the
 * endpoint's own, or the top-level one it inherited), for settings a bind can still refuse
 */
public record NamedPipeEndpointDefinition(String id, String propertyPrefix, NamedPipeEndPoint endPoint,
		NamedPipeTransportOptions options, Duration shutdownTimeout, @Nullable String handlerBeanName,
		boolean httpEnabled, Map<String, String> settingProperties) {

	/**
	 * Creates a definition.
	 */
	public NamedPipeEndpointDefinition {
		settingProperties = Map.copyOf(settingProperties);
	}

	/**
	 * The full property a transport setting of this endpoint came from.
	 * @param setting the setting, e.g. {@code security-descriptor}
	 * @return the property, e.g. {@code namedpipe.security-descriptor} when inherited
	 */
	public String propertyOf(String setting) {
		return this.settingProperties.getOrDefault(setting, this.propertyPrefix + setting);
	}

	/**
	 * The failure to report when this endpoint could not listen: a setting the platform
	 * refused only at bind time (e.g. an SDDL that Windows does not accept) names its
	 * property; anything else names the endpoint and its address.
	 * @param cause why it could not listen
	 * @return the exception to throw
	 */
	public RuntimeException bindFailure(Throwable cause) {
		if (cause instanceof InvalidNamedPipeSettingException invalid
				&& !(cause instanceof InvalidNamedPipePropertyException)) {
			return new InvalidNamedPipePropertyException(propertyOf(invalid.getSetting()), invalid.getValue(),
					invalid.getReason(), invalid.getAction(), invalid);
		}
		return new NamedPipeBindException(this, cause);
	}

}
