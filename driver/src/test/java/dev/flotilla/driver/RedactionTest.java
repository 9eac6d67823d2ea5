package dev.flotilla.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void credentialsOfSparkAndHadoopAreRedactedAndTheRestKept() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.hadoop.fs.s3a.access.key", "AKIA1");          // Spark's pattern only
    conf.put("spark.hadoop.fs.s3a.secret.key", "s1");
    conf.put("spark.hadoop.fs.s3a.session.token", "t1");
    conf.put("spark.hadoop.fs.azure.account.key.acct.blob.core.windows.net", "az"); // Hadoop's list only
    conf.put("spark.authenticate.secret", "s2");
    conf.put("spark.ssl.keyStorePassword", "p1");
    conf.put("spark.executor.memory", "2g");
    conf.put("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000");
    Map<String, String> out = Redaction.redact(conf);
    assertThat(out).containsEntry("spark.executor.memory", "2g")
        .containsEntry("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000");
    assertThat(out.entrySet()).filteredOn(e -> !e.getKey().equals("spark.executor.memory")
            && !e.getKey().equals("spark.hadoop.fs.s3a.endpoint"))
        .hasSize(6).allMatch(e -> e.getValue().equals(Redaction.REDACTED));
  }

  @Test
  void theUsersOwnRedactionPatternAddsToTheDefaults() {
    Map<String, String> out = Redaction.redact(Map.of("spark.redaction.regex", "(?i)endpoint",
        "spark.hadoop.fs.s3a.endpoint", "http://internal:9000", "spark.hadoop.fs.s3a.access.key", "A"));
    assertThat(out).containsEntry("spark.hadoop.fs.s3a.endpoint", Redaction.REDACTED)
        .containsEntry("spark.hadoop.fs.s3a.access.key", Redaction.REDACTED);
  }

  @Test
  void aRecordedConfigLosesOnlyThePassthroughSecrets() {
    Map<String, Object> engine = new LinkedHashMap<>();
    engine.put("master", "local[2]");
    engine.put("spark-conf", Map.of("spark.hadoop.fs.s3a.access.key", "AKIA1", "spark.executor.cores", 2));
    Map<String, Object> config = Map.of("job", "burn", "engine", engine, "burn", Map.of("seconds", 1));
    Map<String, Object> out = Redaction.redactConfig(config);
    assertThat(out.toString()).doesNotContain("AKIA1").contains("local[2]", "seconds=1",
        "spark.executor.cores=2");
    assertThat(config.toString()).as("the input is not changed").contains("AKIA1");
  }
}
