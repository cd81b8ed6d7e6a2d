package io.hilbridge.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test class against a board through hilbridge. The board is {@link #board()}, unless the system property
 * {@code hilbridge.board} or the environment variable {@code HILBRIDGE_BOARD} names another (in that order), so the
 * same class runs unchanged against the simulated board in CI and a real ESP32 on the bench. Accepted boards: see
 * {@link BoardSpec}.
 *
 * <p>Test methods (and lifecycle methods) receive a {@link Hilbridge} or a {@link Board} as parameters. Before each
 * test every light of the board is off with no effect, as the board confirmed.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(HilbridgeExtension.class)
public @interface HilbridgeTest {

    /** The board when neither {@code -Dhilbridge.board} nor {@code HILBRIDGE_BOARD} is set. */
    String board() default "sim";

    /** One bridge (and board) for the whole class (default), or a fresh one for every test. */
    Lifecycle bridge() default Lifecycle.PER_CLASS;

    enum Lifecycle {
        PER_CLASS,
        PER_TEST
    }
}
