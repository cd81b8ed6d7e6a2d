package io.hilbridge.junit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JUnit 5 side of {@link HilbridgeTest}: starts the board and its bridge before the class (or each test), brings
 * the board to a known state before each test, gives each test its own link trace, resolves {@link Hilbridge} and
 * {@link Board} parameters, and closes everything after.
 *
 * <p>Thread-safety: keeps no state of its own; everything lives in JUnit's store of the class (or test) it belongs
 * to, so classes may run in parallel, each with its own bridge on its own port.
 */
public final class HilbridgeExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(HilbridgeExtension.class);
    private static final String RIG = "rig";

    @Override
    public void beforeAll(ExtensionContext context) {
        if (perTest(context)) return;
        context.getStore(NS).put(RIG, startRig(context));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (perTest(context)) context.getStore(NS).put(RIG, startRig(context));
        Session session = session(context);
        String test = context.getRequiredTestClass().getSimpleName() + "."
                + context.getRequiredTestMethod().getName();
        session.run.name = test;
        session.traces.beginTest(context.getRequiredTestMethod().getName());
        context.publishReportEntry("hilbridge.board", session.rig.spec.toString());
        session.run.trace = session.traces.current();
        if (session.run.trace != null) {
            context.publishReportEntry(
                    "hilbridge.trace", session.run.trace.toAbsolutePath().toString());
        }
        Isolation.reset(session.rig, test);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Session session = session(context);
        session.rig.events.add(
                "hilbridge-junit5",
                "end of " + session.run.name
                        + context.getExecutionException().map(e -> " (failed)").orElse(""));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Hilbridge.class || type == Board.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Session session = session(context);
        if (session == null) {
            throw new ParameterResolutionException(
                    "a " + parameter.getParameter().getType().getSimpleName()
                            + " exists only inside a test (or @BeforeEach) of a @HilbridgeTest class with bridge=PER_TEST");
        }
        Hilbridge h = new Hilbridge(session.rig, session.run);
        return parameter.getParameter().getType() == Hilbridge.class ? h : h.board();
    }

    private static Session session(ExtensionContext context) {
        return context.getStore(NS).get(RIG, Session.class);
    }

    private static boolean perTest(ExtensionContext context) {
        return annotation(context).bridge() == HilbridgeTest.Lifecycle.PER_TEST;
    }

    private static HilbridgeTest annotation(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), HilbridgeTest.class)
                .orElseThrow(() -> new ExtensionConfigurationException("HilbridgeExtension needs @HilbridgeTest on "
                        + context.getRequiredTestClass().getName()));
    }

    private static Session startRig(ExtensionContext context) {
        BoardSpec spec;
        try {
            spec = BoardSpec.choose(annotation(context).board());
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(
                    e.getMessage() + " (from -Dhilbridge.board, HILBRIDGE_BOARD or " + "@HilbridgeTest(board=...))", e);
        }
        Path dir = TraceFiles.directory(spec, context.getRequiredTestClass());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        TraceFiles traces = TraceFiles.forSpec(spec, dir);
        BoardRig rig;
        try {
            rig = RigStarter.start(spec, dir, traces.linkTrace());
        } catch (RuntimeException | Error e) {
            traces.closeUnused(); // idempotent: a bridge that took it closed it already
            throw e;
        }
        return new Session(rig, new TestRun(), traces);
    }

    /** What the store holds per class (or per test): closed by JUnit when that scope ends. */
    record Session(BoardRig rig, TestRun run, TraceFiles traces) implements AutoCloseable {
        @Override
        public void close() {
            rig.close(); // the bridge closes its trace, so the last file is complete
        }
    }
}
