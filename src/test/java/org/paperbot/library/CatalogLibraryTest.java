package org.paperbot.library;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.bench.SyntheticCatalog;
import org.paperbot.catalog.CatalogException;
import org.paperbot.catalog.Paper;
import org.paperbot.search.Synonyms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Built catalog versions under {@code <work>/catalog/<hash>/}: opened again when unchanged, rebuilt when changed,
 * swapped on reload and released once no request holds the old one, refused when too large.
 */
class CatalogLibraryTest {
    private static final long CACHE_BYTES = 64 * 1024;
    private static final MemoryBudget ROOMY = new MemoryBudget(Long.MAX_VALUE / 2, 0, MemoryBudget.BYTES_PER_PAPER);

    @TempDir
    Path dir;

    private Path catalogOf(int papers, long seed) throws Exception {
        Path file = dir.resolve("papers.json");
        SyntheticCatalog.writeJson(file, papers, seed, 0);
        return file;
    }

    private CatalogLibrary library(Path file, MemoryBudget budget) {
        return new CatalogLibrary(file, dir.resolve("data"), Synonyms.none(), CACHE_BYTES, budget);
    }

    private List<Path> versions() throws Exception {
        try (Stream<Path> dirs = Files.list(dir.resolve("data").resolve(CatalogLibrary.DIR))) {
            return dirs.sorted().toList();
        }
    }

    @Test
    void startUpWithAnUnchangedCatalogOpensTheBuiltVersionWithoutRebuildingIt() throws Exception {
        Path file = catalogOf(800, 1);
        CatalogLibrary first = library(file, ROOMY);
        Snapshot built = first.open();
        Path version = versions().get(0);
        FileTime marked = Files.getLastModifiedTime(version.resolve(CatalogLibrary.COMPLETE));
        String titleWord = built.catalog().paperAt(17).title().split(" ")[0];
        List<Paper> found = built.search().search(titleWord, 0, 5).papers();
        // A prefix and a typo are matched through the vocabulary, which is read back, not rebuilt.
        String typed = titleWord.substring(0, titleWord.length() - 2);
        List<Paper> foundTyped = built.search().search(typed, 0, 5).papers();
        String typo = titleWord.substring(0, 2) + titleWord.charAt(3) + titleWord.charAt(2) + titleWord.substring(4);
        List<Paper> foundTypo = built.search().search(typo, 0, 5).papers();
        new SnapshotHolder(built).close();

        CatalogLibrary restarted = library(file, ROOMY);
        Snapshot opened = restarted.open();

        assertThat(first.builds()).isEqualTo(1);
        assertThat(restarted.builds()).isZero();
        assertThat(versions()).containsExactly(version);
        assertThat(Files.getLastModifiedTime(version.resolve(CatalogLibrary.COMPLETE))).isEqualTo(marked);
        assertThat(opened.catalog().size()).isEqualTo(800);
        assertThat(opened.search().search(titleWord, 0, 5).papers()).isEqualTo(found).isNotEmpty();
        assertThat(opened.search().search(typed, 0, 5).papers()).isEqualTo(foundTyped).isNotEmpty();
        assertThat(opened.search().search(typo, 0, 5).papers()).isEqualTo(foundTypo);
        new SnapshotHolder(opened).close();
    }

    @Test
    void aChangedCatalogIsRebuiltAtStartAndTheOldVersionRemoved() throws Exception {
        Path file = catalogOf(300, 1);
        new SnapshotHolder(library(file, ROOMY).open()).close();
        Path old = versions().get(0);
        catalogOf(300, 2);

        CatalogLibrary restarted = library(file, ROOMY);
        Snapshot opened = restarted.open();

        assertThat(restarted.builds()).isEqualTo(1);
        assertThat(versions()).hasSize(1).doesNotContain(old);
        assertThat(opened.catalog().papers()).isEqualTo(SyntheticCatalog.generate(300, 2).papers());
        new SnapshotHolder(opened).close();
    }

    @Test
    void aHalfBuiltVersionIsIgnoredAndBuiltAgain() throws Exception {
        Path file = catalogOf(300, 1);
        new SnapshotHolder(library(file, ROOMY).open()).close();
        Path version = versions().get(0);
        Files.delete(version.resolve(CatalogLibrary.COMPLETE)); // as if the process died before the marker

        CatalogLibrary restarted = library(file, ROOMY);
        Snapshot opened = restarted.open();

        assertThat(restarted.builds()).isEqualTo(1);
        assertThat(version.resolve(CatalogLibrary.COMPLETE)).exists();
        assertThat(opened.catalog().papers()).isEqualTo(SyntheticCatalog.generate(300, 1).papers());
        new SnapshotHolder(opened).close();
    }

    @Test
    void aCompleteVersionDamagedOnDiskIsBuiltAgain() throws Exception {
        Path file = catalogOf(300, 1);
        new SnapshotHolder(library(file, ROOMY).open()).close();
        Files.delete(versions().get(0).resolve(CatalogLibrary.VOCABULARY));

        CatalogLibrary restarted = library(file, ROOMY);
        Snapshot opened = restarted.open();

        assertThat(restarted.builds()).isEqualTo(1);
        assertThat(versions().get(0).resolve(CatalogLibrary.VOCABULARY)).exists();
        assertThat(opened.search().search(opened.catalog().paperAt(5).title(), 0, 1).papers())
                .containsExactly(opened.catalog().paperAt(5));
        new SnapshotHolder(opened).close();
    }

    @Test
    void aReloadSwapsAndReleasesTheOldVersionOnlyOnceTheRequestOnItIsDone() throws Exception {
        Path file = catalogOf(400, 1);
        CatalogLibrary library = library(file, ROOMY);
        SnapshotHolder holder = new SnapshotHolder(library.open());
        CatalogReloader reloader = new CatalogReloader(file, holder, library::next);
        Path old = versions().get(0);
        Snapshot inFlight = holder.acquire(); // a request that started before the reload
        catalogOf(500, 2);

        CatalogReloader.Result result = reloader.reload();

        assertThat(result.replaced()).isTrue();
        assertThat(result.papers()).isEqualTo(500);
        assertThat(holder.current()).isNotSameAs(inFlight);
        assertThat(versions()).hasSize(2).contains(old);
        // The request finishes on the old snapshot: its store and index are still open.
        Paper paper = inFlight.catalog().paperAt(399);
        assertThat(paper).isEqualTo(SyntheticCatalog.generate(400, 1).paperAt(399));
        assertThat(inFlight.search().search(paper.title(), 0, 1).papers()).containsExactly(paper);

        holder.release(inFlight);

        assertThat(versions()).hasSize(1).doesNotContain(old);
        assertThat(inFlight.lease().users()).isZero();
        assertThat(holder.<Paper>use(s -> s.catalog().paperAt(499))).isEqualTo(SyntheticCatalog.generate(500, 2).paperAt(499));
    }

    @Test
    void aReloadOfAnUnchangedCatalogKeepsTheSnapshotServing() throws Exception {
        Path file = catalogOf(200, 1);
        CatalogLibrary library = library(file, ROOMY);
        SnapshotHolder holder = new SnapshotHolder(library.open());
        Snapshot serving = holder.current();

        CatalogReloader.Result result = new CatalogReloader(file, holder, library::next).reload();

        assertThat(result.replaced()).isTrue();
        assertThat(holder.current()).isSameAs(serving);
        assertThat(library.builds()).isEqualTo(1);
        assertThat(holder.<Integer>use(s -> s.catalog().size())).isEqualTo(200);
    }

    @Test
    void aCatalogTooLargeForTheHeapIsRefusedWithItsNumbersAndTheOldOneKeepsServing() throws Exception {
        Path file = catalogOf(10, 1);
        long mb = 1024 * 1024;
        // 1 MB a paper within a 40 MB heap: 10 papers fit, 31 more beside them do not.
        CatalogLibrary library = library(file, new MemoryBudget(40 * mb, 0, mb));
        SnapshotHolder holder = new SnapshotHolder(library.open());
        Snapshot serving = holder.current();
        Path old = versions().get(0);
        catalogOf(40, 2);

        CatalogReloader.Result result = new CatalogReloader(file, holder, library::next).reload();

        assertThat(result.replaced()).isFalse();
        assertThat(result.papers()).isEqualTo(10);
        assertThat(result.problem()).startsWith(file.toString())
                .contains("too large to load: its first 31 papers already need about 31 MB of heap")
                .contains("only 30 MB are free")
                .contains("maximum heap 40 MB")
                .contains("10 MB for the catalog serving now");
        assertThat(holder.current()).isSameAs(serving);
        assertThat(versions()).containsExactly(old);
        assertThat(holder.<Paper>use(s -> s.catalog().paperAt(9))).isEqualTo(SyntheticCatalog.generate(10, 1).paperAt(9));
    }

    @Test
    void aCatalogTooLargeAtStartIsRefusedBeforeAnythingServes() throws Exception {
        Path file = catalogOf(50, 1);
        long mb = 1024 * 1024;
        CatalogLibrary library = library(file, new MemoryBudget(40 * mb, 8 * mb, mb));

        assertThatThrownBy(library::open)
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("too large to load: its first 33 papers already need about 33 MB")
                .hasMessageContaining("minus 8 MB for the bot");
        assertThat(versions()).isEmpty();
    }

    @Test
    void anInvalidCatalogOnReloadLeavesNoHalfBuiltVersion() throws Exception {
        Path file = catalogOf(20, 1);
        CatalogLibrary library = library(file, ROOMY);
        SnapshotHolder holder = new SnapshotHolder(library.open());
        Path old = versions().get(0);
        Files.writeString(file, "{\"papers\": []}");

        CatalogReloader.Result result = new CatalogReloader(file, holder, library::next).reload();

        assertThat(result.replaced()).isFalse();
        assertThat(result.problem()).contains("\"papers\" is empty");
        assertThat(versions()).containsExactly(old);
    }
}
