package io.hilbridge.serial;

/**
 * jSerialComm unpacks its native library into a directory named by {@code fazecast.jSerialComm.appid}; several JVMs
 * unpacking into the same one at once can crash each other (measured here). Every class that touches
 * {@code SerialPort} calls {@link #ensureAppId()} first, so each process gets its own directory unless the user set
 * one.
 */
final class NativeLibrary {
    static final String APPID = "fazecast.jSerialComm.appid";

    private NativeLibrary() {}

    static void ensureAppId() {
        if (System.getProperty(APPID) == null && System.getProperty("jSerialComm.library.path") == null) {
            System.setProperty(APPID, "hilbridge-" + ProcessHandle.current().pid());
        }
    }
}
