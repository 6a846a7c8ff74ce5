package org.paperbot.bench;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.catalog.PaperLinks;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A catalog of N made-up papers that look like the real one: English titles and keywords, Russian teaser, summary and
 * key points built from real ML terms in several grammatical cases (so stemming has work to do), topics from a fixed
 * tag set, and a long tail of rare words like a real vocabulary's: method names ("DreamLLM"), data set names, made-up
 * surnames. Valid OpenReview and arXiv ids. Deterministic for a seed.
 */
public final class SyntheticCatalog {
    static final String[] TOPICS = {"LLM", "трансформеры", "предобучение", "дообучение", "RLHF", "безопасность",
        "генерация", "мультимодальность", "диффузия", "обучение_с_подкреплением", "теория", "бенчмарки",
        "устойчивость", "приватность", "промпты", "обучение_в_контексте", "GFlowNet", "графы", "оптимизация",
        "зрение", "речь", "робототехника", "интерпретируемость", "эффективность"};

    private static final String[] TITLE_ADJECTIVES = {"Efficient", "Sparse", "Scalable", "Robust", "Provable",
        "Adaptive", "Hierarchical", "Contrastive", "Generative", "Differentiable", "Federated", "Private", "Causal",
        "Multimodal", "Self-Supervised", "Memory-Efficient", "Long-Context", "Zero-Shot", "Few-Shot", "Safe"};
    private static final String[] TITLE_NOUNS = {"Attention", "Transformers", "Diffusion Models", "Language Models",
        "Reinforcement Learning", "Pretraining", "Fine-Tuning", "Instruction Tuning", "Graph Neural Networks",
        "Vision Transformers", "Reward Models", "Mixture of Experts", "State Space Models", "Prompt Tuning",
        "In-Context Learning", "Generative Flow Networks", "Neural Operators", "Retrieval Augmentation",
        "Speech Recognition", "Policy Optimization", "Knowledge Distillation", "Quantization", "Alignment",
        "Representation Learning", "Optimal Transport"};
    private static final String[] TITLE_GOALS = {"Long-Context Reasoning", "Image Generation", "Code Generation",
        "Robot Control", "Molecule Design", "Question Answering", "Machine Translation", "Video Understanding",
        "Theorem Proving", "Time Series Forecasting", "Tabular Data", "Protein Folding", "Text-to-Image Synthesis",
        "Multilingual Models", "Continual Learning", "Adversarial Robustness", "Differential Privacy",
        "Out-of-Distribution Detection", "Mathematical Reasoning", "Dialogue Agents"};
    private static final String[] NAME_HEADS = {"Flash", "Dream", "Deep", "Meta", "Hyper", "Sparse", "Mix", "Uni",
        "Omni", "Fast", "Tiny", "Long", "Graph", "Diff", "Prompt", "Safe", "Robust", "Neuro", "Quant", "Auto",
        "Lumi", "Astra", "Vega", "Orion", "Nova"};
    private static final String[] NAME_MIDS = {"Align", "Sparse", "Graph", "Token", "Vision", "Code", "Math", "Chem",
        "Audio", "Robo", "Quant", "Distill", "Route", "Retrieve", "Plan", "Reason", "Edit", "Merge", "Prune", "Scale"};
    private static final String[] DATASET_TAILS = {"QA", "Bench", "Eval", "Set", "Corpus", "Arena", "Suite", "Hub"};
    private static final String[] SYLLABLES = {"ko", "va", "len", "mi", "ra", "shi", "ta", "no", "be", "rg", "son", "ev",
        "ov", "in", "ski", "man", "er", "li", "zh", "ang", "do", "ru", "ka", "mo", "te", "sa", "gu", "pe", "lo", "ni"};
    private static final String[] NAME_TAILS = {"LLM", "Former", "Net", "GPT", "Diff", "Seg", "Flow", "RL", "Mamba",
        "BERT", "ViT", "GAN", "MoE", "Tune", "Align", "Gen", "Bench", "Opt"};

    /** Russian noun phrases in the nominative, genitive and instrumental — the forms stemming must fold. */
    private static final String[][] RU_METHODS = {
        {"трансформер", "трансформера", "трансформером"},
        {"диффузионная модель", "диффузионной модели", "диффузионной моделью"},
        {"языковая модель", "языковой модели", "языковой моделью"},
        {"модель вознаграждения", "модели вознаграждения", "моделью вознаграждения"},
        {"графовая нейросеть", "графовой нейросети", "графовой нейросетью"},
        {"смесь экспертов", "смеси экспертов", "смесью экспертов"},
        {"мягкий промпт", "мягкого промпта", "мягким промптом"},
        {"механизм внимания", "механизма внимания", "механизмом внимания"},
        {"генеративная потоковая сеть", "генеративной потоковой сети", "генеративной потоковой сетью"},
        {"модель пространства состояний", "модели пространства состояний", "моделью пространства состояний"},
        {"мультимодальная модель", "мультимодальной модели", "мультимодальной моделью"},
        {"политика агента", "политики агента", "политикой агента"},
    };
    private static final String[][] RU_TASKS = {
        {"предобучение", "предобучения", "предобучением"},
        {"дообучение", "дообучения", "дообучением"},
        {"обучение с подкреплением", "обучения с подкреплением", "обучением с подкреплением"},
        {"обучение в контексте", "обучения в контексте", "обучением в контексте"},
        {"генерация изображений", "генерации изображений", "генерацией изображений"},
        {"рассуждение по длинному контексту", "рассуждения по длинному контексту", "рассуждением по длинному контексту"},
        {"согласование с человеческими ценностями", "согласования с человеческими ценностями", "согласованием с человеческими ценностями"},
        {"дистилляция знаний", "дистилляции знаний", "дистилляцией знаний"},
        {"квантизация весов", "квантизации весов", "квантизацией весов"},
        {"распознавание речи", "распознавания речи", "распознаванием речи"},
        {"перевод текста", "перевода текста", "переводом текста"},
        {"защита приватности", "защиты приватности", "защитой приватности"},
        {"поиск ближайших соседей", "поиска ближайших соседей", "поиском ближайших соседей"},
    };
    private static final String[] RU_PROPERTIES = {"устойчивость", "эффективность", "точность", "безопасность",
        "обобщение", "интерпретируемость", "масштабируемость", "приватность", "полезность",
        "безвредность", "ёмкость запоминания", "скорость вывода"};
    private static final String[] RU_DATA = {"синтетических данных", "реальных бенчмарках", "длинных документах",
        "задачах рассуждения", "изображениях и тексте", "диалогах с людьми", "молекулярных графах",
        "видеозаписях", "программном коде", "многоязычных корпусах"};
    private static final String[] EN_KEYWORDS = {"attention", "transformer", "pretraining", "fine-tuning", "RLHF",
        "reward model", "diffusion", "in-context learning", "prompt tuning", "differential privacy", "robustness",
        "benchmark", "zero-shot", "multimodal", "vision-language", "mixture of experts", "quantization",
        "distillation", "state space model", "graph neural network", "policy gradient", "safety", "alignment",
        "memorization", "expressivity", "retrieval augmentation", "long context", "GFlowNet", "scaling laws"};
    private static final String[] FIRST_NAMES = {"Wei", "Yuki", "Anna", "Ivan", "Maria", "Chen", "Li", "Sergey",
        "Elena", "John", "Emily", "Ahmed", "Fatima", "Carlos", "Sofia", "Dmitry", "Olga", "Hiroshi", "Priya",
        "Rahul", "Lukas", "Marta", "Pierre", "Chloe", "Jun", "Min", "Noah", "Liam", "Zoe", "Aisha"};
    private static final String[] LAST_NAMES = {"Zhang", "Wang", "Smith", "Ivanov", "Petrova", "Kim", "Park",
        "Nguyen", "Garcia", "Mueller", "Rossi", "Dubois", "Tanaka", "Sato", "Kumar", "Singh", "Cohen", "Levin",
        "Novak", "Kowalski", "Johnson", "Brown", "Lee", "Chen", "Liu", "Yang", "Huang", "Zhao", "Wu", "Sun",
        "Bengio", "Hinton", "Lomeli", "Mahdavi", "Shaib", "Wallace", "Zettlemoyer", "Kuznetsov", "Sokolov", "Popov"};
    private static final String[] VENUES = {"ICLR 2024", "NeurIPS 2023", "ICML 2024"};
    private static final String[] TRACKS = {"Oral", "Spotlight", "Poster"};
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    private SyntheticCatalog() {
    }

    public static Catalog generate(int n, long seed) {
        List<Paper> papers = new ArrayList<>(n);
        forEach(n, seed, papers::add);
        return new Catalog(papers, List.of());
    }

    /** The papers {@link #generate} makes, one at a time, so a huge catalog can be written without holding it. */
    public static void forEach(int n, long seed, java.util.function.Consumer<Paper> each) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0: " + n);
        }
        Random random = new Random(seed);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String id;
            do {
                id = id(random);
            } while (!ids.add(id.toLowerCase(java.util.Locale.ROOT))); // the index matches ids case-insensitively
            each.accept(paper(i, id, random));
        }
    }

    /**
     * Writes the catalog {@link #generate} makes as a papers.json the loader accepts, streaming. {@code edition} &gt; 0
     * changes the first paper's teaser, as a curator's edit would: same papers, a different file.
     */
    public static void writeJson(java.nio.file.Path file, int n, long seed, int edition) throws java.io.IOException {
        java.nio.file.Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (com.fasterxml.jackson.core.JsonGenerator g = new com.fasterxml.jackson.core.JsonFactory()
                .createGenerator(java.nio.file.Files.newOutputStream(tmp))) {
            g.writeStartObject();
            g.writeArrayFieldStart("papers");
            int[] index = {0};
            forEach(n, seed, p -> {
                try {
                    writePaper(g, p, index[0]++ == 0 && edition > 0 ? " (правка " + edition + ")" : "");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            g.writeEndArray();
            g.writeEndObject();
        }
        java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writePaper(com.fasterxml.jackson.core.JsonGenerator g, Paper p, String teaserEdit)
            throws java.io.IOException {
        g.writeStartObject();
        g.writeStringField("id", p.id());
        if (p.arxivId().isPresent()) {
            g.writeStringField("arxivId", p.arxivId().get());
        }
        g.writeStringField("title", p.title());
        writeList(g, "authors", p.authors());
        g.writeStringField("venue", p.venue());
        g.writeStringField("track", p.track());
        writeList(g, "topics", p.topics());
        writeList(g, "keywords", p.keywords());
        g.writeStringField("teaser", p.teaser() + teaserEdit);
        g.writeStringField("summary", p.summary());
        writeList(g, "keyPoints", p.keyPoints());
        g.writeObjectFieldStart("links");
        g.writeStringField("pdf", p.links().pdf().toString());
        if (p.links().openReview().isPresent()) {
            g.writeStringField("openreview", p.links().openReview().get().toString());
        }
        if (p.links().arxiv().isPresent()) {
            g.writeStringField("arxiv", p.links().arxiv().get().toString());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeList(com.fasterxml.jackson.core.JsonGenerator g, String field, List<String> values)
            throws java.io.IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /**
     * The method name of a paper ("FlashMoE", "DreamAlignGPT-7"): thousands of distinct names, the long tail of a real
     * vocabulary that typo and prefix matching must walk.
     */
    static String methodName(Random random) {
        return pick(random, NAME_HEADS) + (random.nextBoolean() ? pick(random, NAME_MIDS) : "") + pick(random, NAME_TAILS)
                + (random.nextInt(3) == 0 ? "-" + (2 + random.nextInt(98)) : "");
    }

    /** A surname: a real one half of the time, else made of syllables (Kovalenko, Miratashi), so names are many. */
    private static String surname(Random random) {
        if (random.nextBoolean()) {
            return pick(random, LAST_NAMES);
        }
        StringBuilder sb = new StringBuilder();
        int syllables = 2 + random.nextInt(3);
        for (int i = 0; i < syllables; i++) {
            sb.append(pick(random, SYLLABLES));
        }
        return capitalize(sb.toString());
    }

    /** A benchmark or data set name ("MedQA-512"), another source of rare terms. */
    private static String datasetName(Random random) {
        return pick(random, NAME_HEADS) + pick(random, DATASET_TAILS) + "-" + (1 + random.nextInt(999));
    }

    private static Paper paper(int index, String id, Random random) {
        String name = methodName(random);
        String[] method = pick(random, RU_METHODS);
        String[] task = pick(random, RU_TASKS);
        String property = pick(random, RU_PROPERTIES);
        String property2 = pick(random, RU_PROPERTIES);
        String data = pick(random, RU_DATA);
        String dataset = datasetName(random);
        int gain = 2 + random.nextInt(30);

        String title = switch (random.nextInt(3)) {
            case 0 -> name + ": " + pick(random, TITLE_ADJECTIVES) + " " + pick(random, TITLE_NOUNS) + " for " + pick(random, TITLE_GOALS);
            case 1 -> pick(random, TITLE_ADJECTIVES) + " " + pick(random, TITLE_NOUNS) + " for " + pick(random, TITLE_GOALS);
            default -> "Towards " + pick(random, TITLE_ADJECTIVES) + " " + pick(random, TITLE_NOUNS) + " with " + pick(random, TITLE_NOUNS);
        };
        Optional<String> arxivId = random.nextInt(10) == 0 ? Optional.empty()
                // 60 months × up to 99 999 numbers: unique by construction.
                : Optional.of(String.format("%02d%02d.%05d", 20 + (index % 60) / 12, 1 + index % 12, 1 + index / 60));

        String teaser = capitalize(name + ": " + method[0] + " для " + task[1] + " улучшает " + property + " на " + gain
                + " %");
        String summary = String.join(" ",
                capitalize(task[0]) + " остаётся трудной задачей: " + property + " современных моделей падает на " + data + ".",
                "Авторы предлагают метод " + name + ": в его основе " + method[0] + ", а обучение сочетает "
                        + pick(random, RU_TASKS)[0] + " и " + pick(random, RU_TASKS)[0] + ".",
                "Ключевая идея — заменить " + pick(random, RU_METHODS)[0] + " " + pick(random, RU_METHODS)[2]
                        + " и обучать его без размеченных данных.",
                "Теоретический анализ показывает, что " + property2 + " растёт линейно с числом параметров, а "
                        + "вычислительная сложность остаётся почти линейной по длине контекста.",
                "В экспериментах на " + data + " и наборе " + dataset + " метод улучшает " + property + " на " + gain
                        + " % по сравнению с " + pick(random, RU_METHODS)[2] + " и сохраняет " + property2 + ".",
                "Код и данные заявлены как открытые.");
        List<String> keyPoints = List.of(
                capitalize(method[0]) + " вместо " + pick(random, RU_METHODS)[1] + " даёт прирост " + gain + " % на " + data + ".",
                "Метод встраивается в существующий конвейер " + task[1] + " без переделок и ускоряет вывод.",
                capitalize(property2) + " сохраняется даже в сочетании с " + pick(random, RU_TASKS)[2] + ".");

        Set<String> topics = new LinkedHashSet<>();
        int topicCount = 1 + random.nextInt(4);
        while (topics.size() < topicCount) {
            topics.add(pick(random, TOPICS));
        }
        Set<String> keywords = new LinkedHashSet<>();
        keywords.add(name);
        int keywordCount = 4 + random.nextInt(5);
        while (keywords.size() < keywordCount) {
            keywords.add(pick(random, EN_KEYWORDS));
        }
        List<String> authors = new ArrayList<>();
        int authorCount = 2 + random.nextInt(9);
        for (int a = 0; a < authorCount; a++) {
            authors.add(pick(random, FIRST_NAMES) + " " + surname(random));
        }
        PaperLinks links = new PaperLinks(URI.create("https://openreview.net/pdf?id=" + id),
                Optional.of(URI.create("https://openreview.net/forum?id=" + id)),
                arxivId.map(a -> URI.create("https://arxiv.org/abs/" + a)));
        return new Paper(id, arxivId, title, authors, pick(random, VENUES), pick(random, TRACKS), List.copyOf(topics),
                List.copyOf(keywords), teaser, summary, keyPoints, links);
    }

    private static String id(Random random) {
        char[] c = new char[10];
        for (int i = 0; i < c.length; i++) {
            c[i] = ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length()));
        }
        return new String(c);
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
