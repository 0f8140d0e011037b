package io.grapevine.core.store;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class BundleStoreTest {
    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void storesByHashAndGivesBackTheSameBytes() throws IOException {
        BundleStore store = new BundleStore(folder.getRoot().toPath(), 100);
        String sha = store.put(new byte[] {1, 2, 3});
        assertEquals(BundleStore.sha256(new byte[] {1, 2, 3}), sha);
        assertTrue(store.has(sha));
        assertArrayEquals(new byte[] {1, 2, 3}, store.get(sha));
    }

    @Test
    public void aJarDamagedOnDiskIsDetectedAndRemoved() throws IOException {
        BundleStore store = new BundleStore(folder.getRoot().toPath(), 100);
        String sha = store.put(new byte[] {1, 2, 3});
        Path file = folder.getRoot().toPath().resolve(sha + ".jar");
        Files.write(file, new byte[] {9, 9, 9});
        IOException e = assertThrows(IOException.class, () -> store.get(sha));
        assertTrue(e.getMessage().contains("damaged"));
        assertFalse(store.has(sha));
    }

    @Test
    public void sizeLimitHolds() throws IOException {
        BundleStore store = new BundleStore(folder.getRoot().toPath(), 4);
        assertThrows(BundleStore.TooLargeException.class, () -> store.put(new byte[5]));
    }

    @Test
    public void listsItsJarsAndDeletesOnlyWhatItIsTold() throws IOException {
        BundleStore store = new BundleStore(folder.getRoot().toPath(), 100);
        String keep = store.put(new byte[] {1});
        String drop = store.put(new byte[] {2});
        assertEquals(Set.of(keep, drop), store.list());
        store.delete(Set.of(drop));
        assertTrue(store.has(keep));
        assertFalse(store.has(drop));
        assertEquals(Set.of(keep), store.list());
    }

    @Test
    public void noTemporaryFilesAreLeftBehind() throws IOException {
        BundleStore store = new BundleStore(folder.getRoot().toPath(), 100);
        store.put(new byte[] {1});
        try (var files = Files.list(folder.getRoot().toPath())) {
            assertEquals(1, files.count());
        }
    }
}
