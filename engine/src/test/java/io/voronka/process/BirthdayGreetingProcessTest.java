package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.record.RecordData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.test.Deployment;
import org.flowable.job.api.Job;
import org.junit.jupiter.api.Test;

/**
 * The shipped birthday greeting (seed 001): the daily process finds today's birthdays with its
 * rule-language filter over real contacts and starts one greeting each; a greeting goes out once a
 * year, with consent, in the right form of address.
 */
class BirthdayGreetingProcessTest extends ShippedProcessTest {

    private static final String DAILY = "process-definitions/birthday-greetings.bpmn20.xml";
    private static final String GREETING = "process-definitions/birthday-greeting.bpmn20.xml";

    @Test
    @Deployment(resources = {DAILY, GREETING})
    void todaysBirthdaysWithConsentAreGreetedOnceAYearByFirstNameAndPatronymic(RuntimeService runtime, ManagementService jobs) {
        LocalDate today = LocalDate.now();
        int year = today.getYear();
        RecordData anna = contact("Анна", "Сергеевна", "female", today.minusYears(30), true, "anna@example.com", null);
        RecordData dmitry = contact("Дмитрий", "Олегович", "male", today.minusYears(41), true, "dima@example.com", year - 1);
        contact("Борис", null, "male", today.minusYears(25), false, "boris@example.com", null);      // no consent
        contact("Вера", null, "female", today.plusDays(1).minusYears(33), true, "vera@example.com", null); // tomorrow
        contact("Галина", null, "female", today.minusYears(50), true, "galina@example.com", year);   // greeted already
        contact("Егор", null, "male", today.minusYears(20), true, null, null);                         // no address

        runtime.startProcessInstanceByKey("birthday-greetings", Map.of("scheduledAt", "tick"));

        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("birthday-greeting").list())
                .extracting(p -> p.getBusinessKey()).containsExactlyInAnyOrder(anna.id(), dmitry.id());
        // The year is marked in the tick's own transaction, before the email goes out.
        assertThat(shipped.get("contact", anna.id()).values().get("birthday_greeted_year").toString()).isEqualTo(String.valueOf(year));
        assertThat(shipped.get("contact", dmitry.id()).values().get("birthday_greeted_year").toString()).isEqualTo(String.valueOf(year));
        for (Job job : jobs.createJobQuery().list()) {
            jobs.executeJob(job.getId());
        }
        assertThat(pluginAction.calls()).hasSize(2);
        assertThat(pluginAction.calls()).anySatisfy(call -> assertThat(call.inputs())
                .containsEntry("to", "anna@example.com").containsEntry("subject", "С днём рождения, Анна!")
                .hasEntrySatisfying("body", body -> assertThat(body.toString()).startsWith("Уважаемая Анна Сергеевна! ")));
        assertThat(pluginAction.calls()).anySatisfy(call -> assertThat(call.inputs().get("body").toString())
                .startsWith("Уважаемый Дмитрий Олегович! "));

        // The next tick the same day (a restart, a second node) greets nobody again.
        runtime.startProcessInstanceByKey("birthday-greetings", Map.of("scheduledAt", "tick again"));
        assertThat(jobs.createJobQuery().count()).isZero();
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("birthday-greeting").count()).isZero();
    }

    @Test
    @Deployment(resources = GREETING)
    void aGreetingStartedByHandStillRespectsConsentAndTheYear(RuntimeService runtime, ManagementService jobs) {
        int year = LocalDate.now().getYear();
        RecordData noConsent = contact("Инна", null, "female", LocalDate.now().minusYears(22), false, "inna@example.com", null);
        RecordData greeted = contact("Олег", null, "male", LocalDate.now().minusYears(60), true, "oleg@example.com", year);

        runtime.startProcessInstanceByKey("birthday-greeting", noConsent.id(), ProcessVariables.of(noConsent));
        runtime.startProcessInstanceByKey("birthday-greeting", greeted.id(), ProcessVariables.of(greeted));

        assertThat(jobs.createJobQuery().count()).isZero();
        assertThat(shipped.get("contact", noConsent.id()).values().get("birthday_greeted_year")).isNull();
    }

    @Test
    void aLeapDayBirthdayIsGreetedOnTheLastDayOfFebruaryInOtherYears() throws IOException {
        RecordData leap = contact("Лев", null, "male", LocalDate.of(2000, 2, 29), true, "lev@example.com", null);
        RecordData march = contact("Марта", null, "female", LocalDate.of(2000, 3, 1), true, "marta@example.com", null);
        String filter = filterOf(DAILY);

        assertThat(on(LocalDate.of(2027, 2, 28)).matching("contact", filter)).contains(leap.id()).doesNotContain(march.id());
        assertThat(on(LocalDate.of(2028, 2, 28)).matching("contact", filter)).doesNotContain(leap.id());
        assertThat(on(LocalDate.of(2028, 2, 29)).matching("contact", filter)).contains(leap.id());
        assertThat(on(LocalDate.of(2027, 3, 1)).matching("contact", filter)).contains(march.id()).doesNotContain(leap.id());
    }

    private ShippedRecords on(LocalDate day) {
        return new ShippedRecords(database, Clock.fixed(day.atTime(12, 0).atZone(ZoneId.systemDefault()).toInstant(),
                ZoneId.systemDefault()));
    }

    private RecordData contact(String firstName, String patronymic, String gender, LocalDate birthDate, boolean consent,
                               String email, Integer greetedYear) {
        Map<String, Object> values = new HashMap<>();
        values.put("first_name", firstName);
        values.put("last_name", "Тестова");
        values.put("patronymic", patronymic);
        values.put("gender", gender);
        values.put("birth_date", birthDate.toString());
        values.put("consent_email", consent);
        values.put("email", email);
        values.put("birthday_greeted_year", greetedYear);
        values.values().removeIf(java.util.Objects::isNull);
        return shipped.create("contact", values);
    }

    /** The {@code <voronka:filter>} of a shipped BPMN file, as the step reads it. */
    static String filterOf(String resource) throws IOException {
        try (InputStream in = BirthdayGreetingProcessTest.class.getClassLoader().getResourceAsStream(resource)) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher filter = Pattern.compile("<voronka:filter>(.*?)</voronka:filter>", Pattern.DOTALL).matcher(xml);
            assertThat(filter.find()).as("a filter in " + resource).isTrue();
            return filter.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        }
    }
}
