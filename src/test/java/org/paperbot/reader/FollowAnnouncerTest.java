package org.paperbot.reader;

import org.paperbot.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.store.Database;
import org.paperbot.store.FollowStore;
import org.paperbot.store.FollowStore.Follow;
import org.paperbot.store.FollowStore.Kind;
import org.paperbot.testing.TestPapers;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Who is told about which new papers, once, over a real database reopened as after a restart. */
class FollowAnnouncerTest {
    final Catalog full = TestPapers.realCatalog();
    final List<SendMessage> sent = new ArrayList<>();

    @TempDir
    Path dir;

    private Catalog without(String... ids) {
        List<String> gone = List.of(ids);
        return new Catalog(full.papers().stream().filter(p -> !gone.contains(p.id())).toList(), full.venues());
    }

    /** The announcer over the database; each message names the chat and the ids of the papers it lists. */
    private FollowAnnouncer announcer(Database db) {
        return new FollowAnnouncer(new FollowStore(db, Clock.systemUTC()),
                (chat, catalog, papers) -> SendMessage.builder().chatId(chat)
                        .text(papers.stream().map(Paper::id).collect(Collectors.joining(","))).build(),
                m -> sent.add((SendMessage) m));
    }

    @Test
    void theFirstCatalogIsRecordedWithoutAnnouncingAndLaterOnesAnnounceOnlyWhatIsNew() throws Exception {
        try (Database db = TestDatabases.open(dir)) {
            FollowStore follows = new FollowStore(db, Clock.systemUTC());
            follows.add(1, new Follow(Kind.TOPIC, "llm", "#LLM"), 20);
            follows.add(2, new Follow(Kind.AUTHOR, "bengio", "Bengio"), 20);
            follows.add(2, new Follow(Kind.TOPIC, "генерация", "#генерация"), 20);
            follows.add(3, new Follow(Kind.KEYWORD, "quantum", "quantum"), 20);
            FollowAnnouncer announcer = announcer(db);

            assertThat(announcer.announce(without("ylhiMfpqkm", "y01KGvd9Bw", "TyFrPOKYXw"))).isZero();
            assertThat(sent).as("nothing is new on the first start").isEmpty();

            assertThat(announcer.announce(without("TyFrPOKYXw"))).isEqualTo(2);
            assertThat(sent).extracting(SendMessage::getChatId, SendMessage::getText)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("1", "y01KGvd9Bw"),
                            org.assertj.core.groups.Tuple.tuple("2", "y01KGvd9Bw,ylhiMfpqkm"));
        }
        sent.clear();
        try (Database db = TestDatabases.open(dir)) {
            FollowAnnouncer announcer = announcer(db);
            assertThat(announcer.announce(full)).as("after a restart only Safe RLHF is new").isEqualTo(1);
            assertThat(sent).extracting(SendMessage::getChatId, SendMessage::getText)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("1", "TyFrPOKYXw"));
            sent.clear();
            announcer.announce(without("ylhiMfpqkm"));
            announcer.announce(full);
            assertThat(sent).as("a paper removed and put back is not new").isEmpty();
        }
    }
}
