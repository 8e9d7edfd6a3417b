package dev.namedpipe.sample;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.namedpipe.PeerIdentity;

/**
 * Greets the user on the other end of the named pipe, e.g.
 * {@code curl --unix-socket /tmp/CoreFxPipe_namedpipe-sample-http http://localhost/hello}, and
 * its owner on {@code /owner} (see {@link SecurityConfiguration}); {@code /relay} asks
 * {@code /hello} over the HTTP pipe with {@link HelloClient} and answers what it heard.
 */
@RestController
class HelloController {

	private final HelloClient helloClient;

	HelloController(HelloClient helloClient) {
		this.helloClient = helloClient;
	}

	@GetMapping("/hello")
	String hello(PeerIdentity peer) {
		if (peer == null) {
			return "hello, client over TCP\n";
		}
		String pid = peer.pid().isPresent() ? " (pid " + peer.pid().getAsLong() + ")" : "";
		return "hello " + peer.user() + pid + "\n";
	}

	@GetMapping("/relay")
	String relay() {
		return "over the pipe: " + this.helloClient.hello();
	}

	@GetMapping("/owner")
	String owner(@AuthenticationPrincipal PeerIdentity peer) {
		return "hello owner " + peer.user() + "\n";
	}

}
