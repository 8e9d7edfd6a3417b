/**
 * Spring Security over named pipes: the client on the other end of the pipe as an
 * authenticated principal ({@link dev.namedpipe.boot.security.PeerAuthenticationToken}),
 * with authorities from a replaceable
 * {@link dev.namedpipe.boot.security.PeerAuthoritiesMapper}, added to every
 * {@code SecurityFilterChain} and {@code SecurityWebFilterChain} through Spring Security's
 * {@code Customizer} beans.
 */
@NullMarked
package dev.namedpipe.boot.security;

import org.jspecify.annotations.NullMarked;
