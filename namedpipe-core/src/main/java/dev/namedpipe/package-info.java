/**
 * The named-pipe transport's API: bind a listener ({@link dev.namedpipe.NamedPipeTransport}),
 * accept and serve connections ({@link dev.namedpipe.NamedPipeConnectionListener},
 * {@link dev.namedpipe.NamedPipeConnection}), connect as a client
 * ({@link dev.namedpipe.NamedPipeClient}). Nothing is {@code null} unless marked.
 */
@NullMarked
package dev.namedpipe;

import org.jspecify.annotations.NullMarked;
