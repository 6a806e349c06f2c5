package resnetmc.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import resnetmc.schema.Column;
import resnetmc.schema.TableSchema;

/**
 * The generated documentation equals what the generator makes of reference.conf and TableSchemas now:
 * a key or column added without regenerating fails here. {@code -Ddocs.write=true} rewrites the pages.
 */
class DocsPagesTest {
    private static final Path DOCS = Path.of("../docs");
    private static final boolean WRITE = Boolean.getBoolean("docs.write");

    @Test
    void configurationPageMatchesReferenceConf() throws IOException {
        String expected = DocsPages.configuration(DocsPages.referenceConf());
        Path page = DOCS.resolve("configuration.md");
        if (WRITE) {
            Files.writeString(page, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, Files.readString(page), "docs/configuration.md is stale: regenerate (see DocsPages)");
        // Every key of reference.conf is on the page with its full path.
        for (String key : com.typesafe.config.ConfigFactory.parseString(DocsPages.referenceConf()).entrySet()
                .stream().map(java.util.Map.Entry::getKey).toList()) {
            assertTrue(expected.contains("`" + key + "`"), "key " + key + " missing from docs/configuration.md");
        }
    }

    @Test
    void tablesPageMatchesTheSchemas() throws IOException {
        Path page = DOCS.resolve("tables.md");
        String expected = DocsPages.tables(Files.readString(page));
        if (WRITE) {
            Files.writeString(page, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, Files.readString(page), "docs/tables.md's column lists are stale: regenerate");
        for (TableSchema s : DocsPages.schemas().values()) {
            Matcher m = Pattern.compile("<!-- columns:" + s.name() + " -->(.*?)<!-- /columns -->", Pattern.DOTALL)
                    .matcher(expected);
            assertTrue(m.find(), s.name());
            for (Column c : s.columns()) {
                assertTrue(m.group(1).contains("| `" + c.name() + "` |"), s.name() + "." + c.name());
            }
        }
    }

    /** The generator reads nested blocks, shared comments and prose the way the page shows them. */
    @Test
    void generatorOnASmallFile() {
        String page = DocsPages.configuration("# Intro line.\n\n# The seed.\nseed = 1\n\n# A block.\nb {\n"
                + "  # Two keys | one comment.\n  x = [1, 2]\n  y = \"\"\n  # --- only in mode m ---\n  # Needs <d> >= 1.\n  w = 1\n"
                + "  inner {\n    z = 3\n  }\n}\n");
        assertTrue(page.contains("Intro line.\n\n| key | default | meaning |\n|---|---|---|\n| `seed` | `1` | The seed. |\n"),
                page);
        assertTrue(page.contains("## `b`\n\nA block.\n\n| key | default | meaning |\n|---|---|---|\n"
                + "| `b.x`<br>`b.y` | `[1, 2]`<br>`\"\"` | Two keys \\| one comment. |\n\n**only in mode m**\n\n"
                + "| key | default | meaning |\n|---|---|---|\n| `b.w` | `1` | Needs &lt;d&gt; &gt;= 1. |\n"), page);
        assertTrue(page.contains("## `b.inner`\n\n| key | default | meaning |\n|---|---|---|\n| `b.inner.z` | `3` |  |\n"),
                page);
    }
}
