package io.grapevine.core.modules;

import io.grapevine.core.config.ModuleEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.osgi.framework.Version;

/**
 * What the core needs to know of a module jar before it accepts it: a readable zip, an OSGi
 * bundle, and a Declarative Services component that provides {@code io.grapevine.api.Module}.
 * Reads only the manifest and the component descriptions, each bounded in size.
 *
 * @param name the module name (Bundle-SymbolicName without attributes)
 * @param version the Bundle-Version (0.0.0 when absent)
 */
public record ModuleJar(String name, String version) {

    private static final int MAX_ENTRY = 1 << 20;
    /** The core's own bundle: a jar of it is a core update, not a module. */
    public static final String CORE_BUNDLE = "io.grapevine.core";
    public static final Pattern PROVIDES_MODULE =
            Pattern.compile("<provide\\s+interface\\s*=\\s*[\"']io\\.grapevine\\.api\\.Module[\"']");

    /** Inspects {@code jar}; throws {@link RefusedException} with the one-line reason it is refused. */
    public static ModuleJar inspect(byte[] jar) throws RefusedException {
        Map<String, byte[]> entries = new HashMap<>();
        Manifest manifest = null;
        boolean anyEntry = false;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                anyEntry = true;
                String name = entry.getName();
                if (name.equals("META-INF/MANIFEST.MF")) {
                    manifest = new Manifest(new ByteArrayInputStream(bounded(zip, name)));
                } else if (name.startsWith("OSGI-INF/") && name.endsWith(".xml")) {
                    entries.put(name, bounded(zip, name));
                }
            }
        } catch (IOException e) {
            throw new RefusedException("not a valid jar: " + e.getMessage());
        }
        if (!anyEntry) {
            throw new RefusedException("not a jar (no zip entries found)");
        }
        if (!hasCentralDirectory(jar)) {
            throw new RefusedException("not a valid jar: truncated (no zip central directory)");
        }
        if (manifest == null) {
            throw new RefusedException("not a bundle: the jar has no META-INF/MANIFEST.MF");
        }
        Attributes main = manifest.getMainAttributes();
        String symbolicName = main.getValue("Bundle-SymbolicName");
        if (symbolicName == null || symbolicName.isBlank()) {
            throw new RefusedException("not a bundle: no Bundle-SymbolicName in the manifest");
        }
        String name = symbolicName.split(";")[0].strip();
        if (!ModuleEntry.NAME.matcher(name).matches()) {
            throw new RefusedException("module name '" + name + "' is not allowed: letters, digits, '.', '_', '-',"
                    + " at most 128, not starting with '.' or '-'");
        }
        String version = main.getValue("Bundle-Version") == null ? "0.0.0" : main.getValue("Bundle-Version").strip();
        try {
            Version.parseVersion(version);
        } catch (IllegalArgumentException e) {
            throw new RefusedException("not a bundle: Bundle-Version '" + version + "' is not an OSGi version");
        }
        if (name.equals(CORE_BUNDLE)) {
            return new ModuleJar(ModuleEntry.CORE, version); // a core for the launcher to switch to
        }
        if (!providesModule(main.getValue("Service-Component"), entries)) {
            throw new RefusedException("bundle " + name + " has no Declarative Services component providing "
                    + "io.grapevine.api.Module");
        }
        return new ModuleJar(name, version);
    }

    /**
     * The streaming reader above accepts a zip cut short after its entries; the framework's reader
     * needs the end-of-central-directory record and the directory it points to.
     */
    private static boolean hasCentralDirectory(byte[] zip) {
        for (int end = zip.length - 22; end >= Math.max(0, zip.length - 22 - 0xFFFF); end--) {
            if (zip[end] == 0x50 && zip[end + 1] == 0x4b && zip[end + 2] == 0x05 && zip[end + 3] == 0x06) {
                long size = le32(zip, end + 12);
                long offset = le32(zip, end + 16);
                return offset + size <= end && offset + 4 <= zip.length && zip[(int) offset] == 0x50
                        && zip[(int) offset + 1] == 0x4b && zip[(int) offset + 2] == 0x01 && zip[(int) offset + 3] == 0x02;
            }
        }
        return false;
    }

    private static long le32(byte[] bytes, int at) {
        return (bytes[at] & 0xFFL) | (bytes[at + 1] & 0xFFL) << 8 | (bytes[at + 2] & 0xFFL) << 16
                | (bytes[at + 3] & 0xFFL) << 24;
    }

    private static boolean providesModule(String serviceComponent, Map<String, byte[]> descriptors) {
        if (serviceComponent == null) {
            return false;
        }
        for (String path : serviceComponent.split(",")) {
            String clean = path.strip();
            for (Map.Entry<String, byte[]> entry : descriptors.entrySet()) {
                boolean listed = clean.equals(entry.getKey()) || (clean.endsWith("*.xml")
                        && entry.getKey().startsWith(clean.substring(0, clean.length() - 5)));
                Matcher matcher = PROVIDES_MODULE.matcher(new String(entry.getValue(),
                        java.nio.charset.StandardCharsets.UTF_8));
                if (listed && matcher.find()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] bounded(InputStream in, String name) throws IOException {
        byte[] bytes = in.readNBytes(MAX_ENTRY + 1);
        if (bytes.length > MAX_ENTRY) {
            throw new IOException(name + " is larger than " + MAX_ENTRY + " bytes");
        }
        return bytes;
    }

    /** A jar the core will not deploy, with the reason. */
    public static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        public RefusedException(String reason) {
            super(reason);
        }
    }
}
