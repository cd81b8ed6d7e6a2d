package io.hilbridge.mqtt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A CA and a server certificate for 127.0.0.1 / localhost signed by it, made with {@code openssl} in a fresh temp
 * folder per run (nothing secret is committed). Under CI=true a missing openssl fails; elsewhere the test is skipped.
 */
public record TestCerts(Path ca, Path serverCert, Path serverKey, Path otherCa) {
    static final String OPENSSL = "/usr/bin/openssl";

    public static TestCerts generate() throws IOException {
        if (!Files.isExecutable(Path.of(OPENSSL))) {
            String msg = "the MQTT TLS test needs: apt-get install openssl";
            if ("true".equals(System.getenv("CI"))) fail("CI=true and " + msg);
            System.err.println("SKIPPED " + msg);
            assumeTrue(false, msg);
        }
        Path d = Files.createTempDirectory("mqtt-tls-");
        String dir = d.toString();
        for (String name : List.of("ca", "other-ca")) {
            MosquittoBroker.run(List.of(
                    OPENSSL,
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=hilbridge test " + name,
                    "-keyout",
                    dir + "/" + name + ".key",
                    "-out",
                    dir + "/" + name + ".pem"));
        }
        MosquittoBroker.run(List.of(
                OPENSSL,
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                "/CN=localhost",
                "-keyout",
                dir + "/server.key",
                "-out",
                dir + "/server.csr"));
        Files.writeString(d.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        MosquittoBroker.run(List.of(
                OPENSSL,
                "x509",
                "-req",
                "-in",
                dir + "/server.csr",
                "-CA",
                dir + "/ca.pem",
                "-CAkey",
                dir + "/ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                dir + "/san.ext",
                "-out",
                dir + "/server.pem"));
        return new TestCerts(
                d.resolve("ca.pem"), d.resolve("server.pem"), d.resolve("server.key"), d.resolve("other-ca.pem"));
    }
}
