package io.voronka.kernel.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.kernel.config.ContentFolder;
import io.voronka.record.EntityCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/rules.md tells the truth: its examples compile, its function table and limits match the code. */
class RulesDocTest {

    static final Pattern RULE_BLOCK = Pattern.compile("```rule (\\w+)\\n(.*?)```", Pattern.DOTALL);
    static final Pattern FUNCTION_ROW = Pattern.compile("^\\| `(\\w+)` \\| `([^`]+)` \\|", Pattern.MULTILINE);

    final EntityCatalog catalog = EntityCatalog.load(ContentFolder.read(null, "forms"), new RuleSandbox());
    final String doc = read();

    static String read() {
        try {
            return Files.readString(Path.of("..", "docs", "rules.md"));
        } catch (IOException e) {
            throw new IllegalStateException("docs/rules.md is missing", e);
        }
    }

    CheckedRule compile(String entity, String source) {
        RuleSchema schema = catalog.ruleSchema(catalog.find(entity).orElseThrow(() ->
                new AssertionError("docs/rules.md names an entity that does not exist: " + entity)), true);
        return new RuleSandbox().compile("docs/rules.md", source, schema);
    }

    @Test
    void everyRuleExampleCompilesAgainstTheShippedEntities() {
        Map<String, String> examples = new LinkedHashMap<>();
        Matcher block = RULE_BLOCK.matcher(doc);
        while (block.find()) {
            examples.put(block.group(2), block.group(1));
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(8);
        examples.forEach((source, entity) -> assertThat(compile(entity, source)).as(source).isNotNull());
    }

    @Test
    void theLeadRatingExampleRatesAHotAndAColdLead() {
        Matcher block = RULE_BLOCK.matcher(doc);
        String rating = null;
        while (block.find()) {
            if (block.group(2).contains("return 'hot'")) {
                rating = block.group(2);
            }
        }
        CheckedRule rule = compile("contact", rating);
        Map<String, Object> hot = new java.util.HashMap<>(Map.of("decision_maker", true,
                "budget", new java.math.BigDecimal("150000"), "source", "referral"));
        assertThat(rule.evaluate(hot)).isEqualTo("hot");
        assertThat(rule.evaluate(Map.of("decision_maker", false, "budget", java.math.BigDecimal.ONE))).isEqualTo("cold");
    }

    @Test
    void functionTableListsTheWholeLibraryWithExamplesThatCompile() {
        Set<String> documented = new TreeSet<>();
        Matcher row = FUNCTION_ROW.matcher(doc);
        while (row.find()) {
            documented.add(row.group(1));
            assertThat(compile("contact", row.group(2))).as(row.group(2)).isNotNull();
            assertThat(row.group(2)).as("the example of " + row.group(1)).contains(row.group(1));
        }
        Set<String> library = new TreeSet<>(RuleFunctions.OVER_RECORDS.keySet());
        RuleFunctions.all().forEach(f -> library.add(f.name()));
        assertThat(documented).isEqualTo(library);
    }

    @Test
    void limitsAreTheDefaultLimits() {
        RuleLimits limits = RuleLimits.DEFAULT;
        List<String> rows = new ArrayList<>(List.of(
                "| source length | " + limits.maxSourceLength() + " characters |",
                "| tokens | " + limits.maxTokens() + " |",
                "| nesting | " + limits.maxDepth() + " levels",
                "| text built by a rule | " + limits.maxTextLength() + " characters |",
                "| number built by a rule | " + limits.maxNumberDigits() + " digits",
                "| evaluation time | " + limits.deadline().toMillis() + " ms of CPU time |",
                "| evaluation steps | " + limits.maxSteps() + " "));
        rows.forEach(r -> assertThat(doc).contains(r));
    }

    @Test
    void leavesRoomForTheFiltersSection() {
        assertThat(doc).contains("\n## Filters\n");
    }
}
