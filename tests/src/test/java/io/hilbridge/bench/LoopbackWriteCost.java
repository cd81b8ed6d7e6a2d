package io.hilbridge.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark program (not a test): the floor under {@link ViewersBenchmark}'s push time on this machine. With no
 * bridge at all, one thread writes one small message (the size of a {@code state} message) to each of N loopback TCP
 * sockets in turn, as a bridge IO thread does for its share of a push, while one thread reads them all with a
 * selector, as a client reader does. Reported per N: CPU time per write and per read (thread CPU time, so a loaded
 * machine inflates it less than wall time), and from them the least CPU one change to N clients costs on this
 * machine, and the least wall time it can take with every core busy (writes and reads spread perfectly over the
 * cores, nothing else running). Ratios are against the first row.
 *
 * <p>Run: {@code ./mvnw -q -B -DskipTests -Pbench -Dbench=LoopbackWriteCost -pl tests -am verify}; options in
 * {@code -Dbench.args="..."}: --sockets=1000,5000,9000 --rounds=8 --bytes=120. Needs 2 N + 100 file descriptors.
 *
 * <p>Thread-safety: the reader thread owns the selector; the main thread only writes and reads counters after
 * joining it.
 */
public final class LoopbackWriteCost {
    /** Both ends live in this process: 9,000 pairs fit a descriptor limit of 20,000 ({@code ulimit -n}). */
    private static int[] sockets = {1000, 5000, 9000};

    private static int rounds = 8;
    private static int bytes = 120;

    record Row(int sockets, double writeMicros, double readMicros) {}

    public static void main(String[] args) throws Exception {
        BenchArgs.parse(args, (name, value) -> {
            switch (name) {
                case "sockets" -> sockets = BenchArgs.ints(value);
                case "rounds" -> rounds = Integer.parseInt(value);
                case "bytes" -> bytes = Integer.parseInt(value);
                default -> throw BenchArgs.unknown(name);
            }
        });
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(
                Locale.ROOT,
                "LoopbackWriteCost: %d cores, java %s, %d rounds of one %d-byte write per socket, load average %s%n",
                cores,
                System.getProperty("java.version"),
                rounds,
                bytes,
                WsBenchmark.loadAverage());
        List<Row> rows = new ArrayList<>();
        for (int n : sockets) rows.add(run(n));
        Row base = rows.get(0);
        StringBuilder sb = new StringBuilder("\n| sockets | CPU per write µs | CPU per read µs | CPU per change ms"
                + " | least wall time per change on " + cores + " cores ms | write ratio |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            double changeMillis = r.sockets() * (r.writeMicros() + r.readMicros()) / 1e3;
            sb.append(String.format(
                    Locale.ROOT,
                    "| %,d | %.1f | %.1f | %.1f | %.1f | %.2fx |%n",
                    r.sockets(),
                    r.writeMicros(),
                    r.readMicros(),
                    changeMillis,
                    changeMillis / cores,
                    r.writeMicros() / base.writeMicros()));
        }
        sb.append("load average now ").append(WsBenchmark.loadAverage()).append('\n');
        System.out.print(sb);
    }

    private static Row run(int n) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<SocketChannel> all = new ArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0), 4096);
                Selector selector = Selector.open()) {
            List<SocketChannel> served = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                SocketChannel client = SocketChannel.open(server.getLocalAddress());
                all.add(client);
                SocketChannel s = server.accept();
                all.add(s);
                s.setOption(StandardSocketOptions.TCP_NODELAY, true); // as the bridge's sockets
                s.configureBlocking(false);
                client.configureBlocking(false);
                client.register(selector, SelectionKey.OP_READ);
                served.add(s);
            }
            long expected = (long) n * rounds * bytes;
            long[] read = new long[1];
            long[] readerCpu = new long[1];
            Thread reader = new Thread(() -> readAll(selector, expected, read, readerCpu), "loopback-reader");
            reader.start();
            ByteBuffer msg = ByteBuffer.allocateDirect(bytes);
            long writerCpu = 0;
            for (int round = 0; round < rounds; round++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                for (SocketChannel s : served) {
                    msg.clear();
                    if (s.write(msg) != bytes) throw new IOException("a socket took less than one message");
                }
                writerCpu += threads.getCurrentThreadCpuTime() - cpu0;
                TimeUnit.MILLISECONDS.sleep(200); // the reader drains; the next round starts from idle, as a push
            }
            reader.join(TimeUnit.SECONDS.toMillis(60));
            if (read[0] != expected) {
                throw new IOException("the reader got " + read[0] + " of " + expected + " bytes within 60 s");
            }
            double messages = (double) n * rounds;
            return new Row(n, writerCpu / 1e3 / messages, readerCpu[0] / 1e3 / messages);
        } finally {
            for (SocketChannel c : all) c.close();
        }
    }

    /** Reads every socket until {@code expected} bytes came; records its own CPU time at the end. */
    private static void readAll(Selector selector, long expected, long[] read, long[] cpu) {
        ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (read[0] < expected && System.nanoTime() < deadline) {
                selector.select(
                        k -> {
                            in.clear();
                            try {
                                read[0] += Math.max(0, ((SocketChannel) k.channel()).read(in));
                            } catch (IOException e) {
                                k.cancel();
                            }
                        },
                        100);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            cpu[0] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }
    }
}
