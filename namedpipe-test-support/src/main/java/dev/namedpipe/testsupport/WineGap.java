package dev.namedpipe.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Windows test of what Wine does not implement (see docs/windows.md): skipped under Wine,
 * detected at run time, with the reason {@code "Wine gap: <what>"}; runs on real Windows.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PlatformConditions.class)
public @interface WineGap {

	/**
	 * What Wine does not implement.
	 * @return the gap
	 */
	String value();

}
