package dev.namedpipe.sample;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.namedpipe.PeerIdentity;

/**
 * Greets the user on the other end of the named pipe, e.g.
 * {@code curl --unix-socket /tmp/CoreFxPipe_namedpipe-sample-http http://localhost/hello}.
 */
@RestController
class HelloController {

	@GetMapping("/hello")
	String hello(PeerIdentity peer) {
		if (peer == null) {
			return "hello, client over TCP\n";
		}
		String pid = peer.pid().isPresent() ? " (pid " + peer.pid().getAsLong() + ")" : "";
		return "hello " + peer.user() + pid + "\n";
	}

}
