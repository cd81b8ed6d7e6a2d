package io.hilbridge.serial;

import java.util.Locale;

/** The operating system, where it changes what the modem lines do ({@link LinePolicy}). Stateless. */
public enum HostOs {
    LINUX,
    MACOS,
    WINDOWS,
    OTHER;

    public static HostOs current() {
        return parse(System.getProperty("os.name", ""));
    }

    static HostOs parse(String osName) {
        String n = osName.toLowerCase(Locale.ROOT);
        if (n.contains("linux")) return LINUX;
        if (n.contains("mac") || n.contains("darwin")) return MACOS;
        if (n.contains("windows")) return WINDOWS;
        return OTHER;
    }
}
