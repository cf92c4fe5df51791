package org.openects.server.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The database's own text (SQL, table and constraint names) never reaches a client: every database failure a handler
 * lets through is answered by {@link ProblemDetailsAdvice} with problem details naming no SQL, through the real Spring
 * MVC dispatch.
 */
class ProblemDetailsAdviceTest {

    static final String SQL_TEXT = "Column \"SECRET_COLUMN\" not found; SQL statement: SELECT secret_column FROM users";

    /** Handlers failing as a repository would. */
    @RestController
    static class Failing {
        @GetMapping("/grammar")
        String grammar() {
            throw new BadSqlGrammarException(
                    "reading users", "SELECT secret_column FROM users", new SQLException(SQL_TEXT, "42S22"));
        }

        @GetMapping("/timeout")
        String timeout() {
            throw new QueryTimeoutException(SQL_TEXT, new SQLException(SQL_TEXT, "57014"));
        }

        @GetMapping("/constraint")
        String constraint() {
            throw new DataIntegrityViolationException(
                    SQL_TEXT, new SQLException("violates check constraint \"devices_secret_check\"", "23514"));
        }
    }

    final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Failing())
            .setControllerAdvice(new ProblemDetailsAdvice())
            .build();

    @Test
    void aStatementTheDatabaseRefusesIsA500ProblemWithAReferenceAndNoSql() throws Exception {
        MvcResult result = mvc.perform(get("/grammar")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(500);
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        String body = result.getResponse().getContentAsString();
        assertThat(body).contains("https://openects.org/problems/database", "\"reference\"");
        assertNoDatabaseText(body);
    }

    @Test
    void aTimeoutIsA503ProblemWithRetryAfterAndNoSql() throws Exception {
        MvcResult result = mvc.perform(get("/timeout")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(503);
        assertThat(result.getResponse().getHeader("Retry-After")).isEqualTo("5");
        assertNoDatabaseText(result.getResponse().getContentAsString());
    }

    @Test
    void aConstraintViolationIsA400ProblemWithoutTheConstraintsName() throws Exception {
        MvcResult result = mvc.perform(get("/constraint")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertNoDatabaseText(result.getResponse().getContentAsString());
    }

    private static void assertNoDatabaseText(String body) {
        assertThat(body)
                .doesNotContainIgnoringCase("secret_column")
                .doesNotContainIgnoringCase("select")
                .doesNotContainIgnoringCase("sql")
                .doesNotContain("devices_secret_check")
                .doesNotContain("42S22");
    }
}
