package dev.namedpipe.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names of user and group ids, looked up in the operating system's account database on first
 * use and kept: at most {@code maxIds} ids, the table starting over beyond. An id the database
 * has no name for gets its fallback name, kept; one whose lookup failed gets it too, and is
 * asked about again next time. Lookups run outside the table, so that a slow database holds up
 * no other id's lookup. Internal.
 *
 * @param <K> the id's type
 */
public final class NameCache<K> {

	private static final Logger logger = LoggerFactory.getLogger(NameCache.class);

	private final Map<K, String> names = new ConcurrentHashMap<>();

	private final int maxIds;

	private final Lookup<K> lookup;

	private final Function<K, String> fallback;

	/**
	 * Creates a cache.
	 * @param maxIds how many names it keeps at most
	 * @param lookup asks the database
	 * @param fallback names an id the database has no name for
	 */
	public NameCache(int maxIds, Lookup<K> lookup, Function<K, String> fallback) {
		this.maxIds = maxIds;
		this.lookup = lookup;
		this.fallback = fallback;
	}

	/**
	 * The name of an id.
	 * @param id the id
	 * @return its name, or its fallback name
	 */
	public String nameOf(K id) {
		String known = this.names.get(id);
		if (known != null) {
			return known;
		}
		String found;
		try {
			found = this.lookup.nameOf(id);
		}
		catch (Exception ex) {
			logger.debug("Looking up the name of {} failed", id, ex);
			return this.fallback.apply(id);
		}
		String name = (found != null) ? found : this.fallback.apply(id);
		if (this.names.size() >= this.maxIds) {
			this.names.clear();
		}
		this.names.put(id, name);
		return name;
	}

	/**
	 * The number of names kept.
	 * @return the count
	 */
	public int size() {
		return this.names.size();
	}

	/**
	 * Asks the database for the name of an id.
	 *
	 * @param <K> the id's type
	 */
	@FunctionalInterface
	public interface Lookup<K> {

		/**
		 * The name of an id.
		 * @param id the id
		 * @return the name, or {@code null} when the database has none
		 * @throws Exception when the database cannot be asked
		 */
		@Nullable String nameOf(K id) throws Exception;

	}

}
