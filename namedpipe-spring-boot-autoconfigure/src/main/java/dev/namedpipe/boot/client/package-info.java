/**
 * HTTP clients of named pipes: Spring's {@code RestClient} and {@code WebClient} over Jetty's
 * {@code HttpClient} and the pipe transport of {@code namedpipe-jetty}.
 */
@NullMarked
package dev.namedpipe.boot.client;

import org.jspecify.annotations.NullMarked;
