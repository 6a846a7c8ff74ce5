package org.paperbot.curate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.paperbot.catalog.CatalogException;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.catalog.Paper;
import org.paperbot.catalog.PaperFile;
import org.paperbot.catalog.RussianLint;
import org.paperbot.render.Texts;
import org.paperbot.telegram.Sleeper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar target/paperbot.jar catalog <command>}: the curator's tools for a catalog directory. Every
 * command either does all it says or writes nothing, and says which.
 */
public final class CatalogCli {
    public static final int OK = 0;
    /** Findings, a refused change, or a source that failed. */
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final Path DEFAULT_DIR = Path.of("config", "catalog");
    static final Path DEFAULT_GLOSSARY = Path.of("config", "glossary-ru.txt");

    /** Everything from outside: environment, the catalog the bot is configured with, time, network, output. */
    public record Setup(Map<String, String> env, Path configuredCatalog, Clock clock, Sleeper sleeper, Http http,
                        CardPreview preview, PrintStream out, PrintStream err) {
    }

    private final Setup setup;
    private final CatalogLoader loader = new CatalogLoader();
    private final Texts texts = Texts.russian();

    public CatalogCli(Setup setup) {
        this.setup = setup;
    }

    public static String usage() {
        return """
                usage: java -jar target/paperbot.jar catalog [--dir DIR] <command>
                  import arxiv <ids… | file>       drafts from the arXiv API (PAPERBOT_ARXIV_URL)
                  import openreview <ids… | file>  drafts from OpenReview API v2 (PAPERBOT_OPENREVIEW_URL, PAPERBOT_OPENREVIEW_TOKEN)
                  import digest <file>             one draft per OpenReview link of a digest text, offline
                  check                            validate every file and lint its Russian; exit 1 on any finding
                  preview <id>                     the card as the bot shows it, and its length
                  draft <id>                       Russian texts from a chat-completions model (PAPERBOT_LLM_URL, PAPERBOT_LLM_MODEL, PAPERBOT_LLM_KEY)
                  publish <id>                     a draft that passes check becomes published today
                  split [papers.json]              write a single-file catalog as a directory, one file per paper
                DIR: --dir, else PAPERBOT_CATALOG when it is a directory, else config/catalog""";
    }

    public int run(List<String> arguments) {
        List<String> args = new ArrayList<>(arguments);
        Path dir = setup.configuredCatalog() != null && Files.isDirectory(setup.configuredCatalog())
                ? setup.configuredCatalog() : DEFAULT_DIR;
        if (args.size() >= 2 && args.get(0).equals("--dir")) {
            dir = Path.of(args.get(1));
            args = args.subList(2, args.size());
        }
        if (args.isEmpty()) {
            setup.err().println(usage());
            return USAGE;
        }
        CuratorFiles files = new CuratorFiles(dir);
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (command) {
                case "import" -> importFrom(files, rest);
                case "check" -> check(files);
                case "preview" -> preview(files, one(rest, "preview <id>"));
                case "draft" -> draft(files, one(rest, "draft <id>"));
                case "publish" -> publish(files, one(rest, "publish <id>"));
                case "split" -> split(files, rest.isEmpty() ? Path.of("config", "papers.json") : Path.of(one(rest, "split [papers.json]")));
                default -> {
                    setup.err().println("catalog: unknown command '" + command + "'\n" + usage());
                    yield USAGE;
                }
            };
        } catch (UsageException e) {
            setup.err().println("catalog: " + e.getMessage() + "\n" + usage());
            return USAGE;
        } catch (CurateException e) {
            setup.err().println("catalog: " + e.getMessage());
            setup.err().println("catalog: nothing written");
            return FAILED;
        }
    }

    private int importFrom(CuratorFiles files, List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException("import needs a source: arxiv, openreview or digest");
        }
        List<String> rest = args.subList(1, args.size());
        List<Imported> papers;
        List<String> skipped = List.of();
        switch (args.get(0)) {
            case "arxiv" -> papers = new ArxivSource(setup.http(), url("PAPERBOT_ARXIV_URL", ArxivSource.DEFAULT_URL),
                    setup.sleeper()).fetch(Ids.from(rest));
            case "openreview" -> {
                OpenReviewSource.Result result = new OpenReviewSource(setup.http(),
                        url("PAPERBOT_OPENREVIEW_URL", OpenReviewSource.DEFAULT_URL), env("PAPERBOT_OPENREVIEW_TOKEN"))
                        .fetch(Ids.from(rest));
                papers = result.papers();
                skipped = result.skipped();
            }
            case "digest" -> {
                Path file = Path.of(one(rest, "import digest <file>"));
                try {
                    papers = DigestSource.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new CurateException("cannot read " + file + ": " + e.getMessage());
                }
            }
            default -> throw new UsageException("unknown import source '" + args.get(0) + "' (arxiv, openreview or digest)");
        }
        skipped.forEach(setup.out()::println);
        Merge.Plan plan = Merge.plan(files, papers);
        plan.writes().forEach(files::write);
        plan.report().forEach(setup.out()::println);
        setup.out().println(plan.writes().size() + " file(s) written in " + files.dir()
                + (plan.conflicts() > 0 ? "; " + plan.conflicts() + " conflict(s) kept as written" : ""));
        return OK;
    }

    private int check(CuratorFiles files) {
        if (!Files.isDirectory(files.dir())) {
            throw new CurateException(files.dir() + " is not a directory");
        }
        CatalogCheck.Report report = checker().all(files.dir());
        List<String> findings = report.findings();
        findings.forEach(setup.out()::println);
        if (findings.isEmpty()) {
            setup.out().println("catalog check: OK (" + report.published() + " published, " + report.drafts() + " draft(s))");
            return OK;
        }
        setup.out().println("catalog check: " + findings.size() + " problem(s)");
        return FAILED;
    }

    private int preview(CuratorFiles files, String id) {
        CuratorFiles.Doc doc = files.require(id);
        Paper paper;
        try {
            paper = loader.readPaperFile(doc.fileName(), doc.content());
        } catch (CatalogException e) {
            e.problems().forEach(setup.out()::println);
            setup.out().println("preview: " + doc.fileName() + " is not complete yet; fill the fields above");
            return FAILED;
        }
        CatalogCheck check = checker();
        setup.out().println(setup.preview().show(paper).strip());
        setup.out().println();
        setup.out().println("Length: " + check.visibleLength(paper) + " of " + CatalogCheck.CARD_BUDGET
                + " visible characters (teaser " + paper.teaser().length() + "/200, summary " + paper.summary().length()
                + "/1500, " + paper.keyPoints().size() + " key point(s))");
        check.fit(paper).ifPresent(p -> setup.out().println("Warning: " + p));
        return OK;
    }

    private int draft(CuratorFiles files, String id) {
        Optional<String> url = env("PAPERBOT_LLM_URL");
        Optional<String> model = env("PAPERBOT_LLM_MODEL");
        if (url.isEmpty() || model.isEmpty()) {
            setup.err().println("catalog: draft needs a chat-completions server: set PAPERBOT_LLM_URL (e.g. "
                    + "http://127.0.0.1:11434 for Ollama) and PAPERBOT_LLM_MODEL, and PAPERBOT_LLM_KEY if it wants one");
            return USAGE;
        }
        CuratorFiles.Doc doc = files.require(id);
        LlmDraft llm = new LlmDraft(setup.http(), new LlmDraft.Endpoint(url("PAPERBOT_LLM_URL", ""), model.get(),
                env("PAPERBOT_LLM_KEY")), glossary(), texts);
        List<String> filled = llm.fill(doc);
        files.write(doc);
        setup.out().println(doc.fileName() + ": drafted " + String.join(", ", filled)
                + "; it stays a draft: read it, fix it, then run 'catalog publish " + id + "'");
        return OK;
    }

    private int publish(CuratorFiles files, String id) {
        CuratorFiles.Doc doc = files.require(id);
        if (doc.published()) {
            throw new CurateException(doc.fileName() + " is already published (" + PaperFile.PUBLISHED_AT + ": "
                    + doc.tree().path(PaperFile.PUBLISHED_AT).asText("?") + ")");
        }
        ObjectNode published = JsonNodeFactory.instance.objectNode();
        LocalDate today = LocalDate.now(setup.clock());
        doc.tree().properties().forEach(e -> {
            if (e.getKey().equals(PaperFile.STATUS)) {
                published.put(PaperFile.STATUS, PaperFile.PUBLISHED);
                published.put(PaperFile.PUBLISHED_AT, today.toString());
            } else if (!e.getKey().equals(PaperFile.PUBLISHED_AT)) {
                published.set(e.getKey(), e.getValue());
            }
        });
        if (!published.has(PaperFile.STATUS)) {
            published.put(PaperFile.STATUS, PaperFile.PUBLISHED);
            published.put(PaperFile.PUBLISHED_AT, today.toString());
        }
        CuratorFiles.Doc next = new CuratorFiles.Doc(doc.fileName(), doc.content(), published);
        Map<String, byte[]> raw = new LinkedHashMap<>(files.raw());
        raw.put(doc.fileName(), CuratorFiles.serialize(next));
        List<String> findings = checker().forPublishing(files.dir().toString(), raw, doc.fileName());
        if (!findings.isEmpty()) {
            findings.forEach(setup.out()::println);
            throw new CurateException(doc.fileName() + " cannot be published: " + findings.size() + " problem(s) above");
        }
        files.write(next);
        setup.out().println("published " + doc.fileName() + " on " + today
                + "; a running bot with catalog.watch picks it up (or send /reload)");
        return OK;
    }

    private int split(CuratorFiles files, Path source) {
        ObjectMapper json = PaperFile.mapperFor(source.getFileName().toString());
        JsonNode root;
        try {
            loader.load(source); // only a valid catalog is split
            root = json.readTree(source.toFile());
        } catch (CatalogException e) {
            throw new CurateException(e.getMessage());
        } catch (IOException e) {
            throw new CurateException("cannot read " + source + ": " + e.getMessage());
        }
        if (!files.docs().isEmpty()) {
            throw new CurateException(files.dir() + " already has paper files; split writes only into an empty directory");
        }
        String today = LocalDate.now(setup.clock()).toString();
        List<CuratorFiles.Doc> docs = new ArrayList<>();
        for (JsonNode p : root.get("papers")) {
            ObjectNode tree = JsonNodeFactory.instance.objectNode();
            tree.put("id", p.get("id").asText());
            tree.put(PaperFile.STATUS, PaperFile.PUBLISHED);
            tree.put(PaperFile.PUBLISHED_AT, today);
            p.properties().forEach(e -> tree.set(e.getKey(), e.getValue()));
            docs.add(files.create(p.get("id").asText(), tree));
        }
        docs.forEach(files::write);
        if (root.has("venues")) {
            ObjectNode holder = JsonNodeFactory.instance.objectNode();
            holder.set("venues", root.get("venues"));
            files.write(new CuratorFiles.Doc(PaperFile.VENUES + ".yaml", new byte[0], holder));
        }
        setup.out().println("wrote " + docs.size() + " paper file(s)" + (root.has("venues") ? " and venues.yaml" : "")
                + " to " + files.dir() + "; serve it with PAPERBOT_CATALOG=" + files.dir());
        return OK;
    }

    private CatalogCheck checker() {
        return new CatalogCheck(loader, new RussianLint(), texts);
    }

    private String glossary() {
        Path file = env("PAPERBOT_GLOSSARY").map(Path::of).orElse(DEFAULT_GLOSSARY);
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new CurateException("cannot read the glossary " + file + ": " + e.getMessage());
        }
    }

    private Optional<String> env(String name) {
        return Optional.ofNullable(setup.env().get(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    private URI url(String name, String fallback) {
        String value = env(name).orElse(fallback);
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UsageException(name + ": '" + value + "' is not a URL like https://host[:port]");
        }
    }

    private static String one(List<String> args, String form) {
        if (args.size() != 1) {
            throw new UsageException("expected: " + form);
        }
        return args.get(0);
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
