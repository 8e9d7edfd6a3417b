/**
 * HTTP over named pipes on Spring Boot's embedded Jetty server, and the
 * {@link dev.namedpipe.PeerIdentity} argument resolvers of Spring MVC and WebFlux.
 */
@NullMarked
package dev.namedpipe.boot.web;

import org.jspecify.annotations.NullMarked;
