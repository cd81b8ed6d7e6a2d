package io.hilbridge.junit;

/** Entry point of the kit's assertions: {@code import static io.hilbridge.junit.HilbridgeAssertions.assertThat;}. */
public final class HilbridgeAssertions {
    private HilbridgeAssertions() {}

    public static LightAssert assertThat(LightHandle light) {
        return new LightAssert(light);
    }
}
