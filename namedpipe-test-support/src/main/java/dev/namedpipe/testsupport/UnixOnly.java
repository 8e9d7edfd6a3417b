package dev.namedpipe.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test or class that needs Unix (a Unix domain socket's file, {@code /proc}, socat, a Unix
 * user): skipped on Windows with the reason {@code "Unix only: <why>"}, which the Windows
 * run's summary counts. Windows' own coverage of the same behaviour lives beside it.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PlatformConditions.class)
public @interface UnixOnly {

	/**
	 * What of Unix the test needs.
	 * @return the reason
	 */
	String value();

}
