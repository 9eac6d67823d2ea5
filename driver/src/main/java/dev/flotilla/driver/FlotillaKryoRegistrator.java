package dev.flotilla.driver;

import com.esotericsoftware.kryo.Kryo;
import dev.flotilla.executors.unit.UnitResult;
import dev.flotilla.executors.unit.UnitStatus;
import dev.flotilla.executors.unit.UnitTask;
import java.util.LinkedHashMap;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers every class Flotilla sends through Spark's Kryo serializer, so sessions can run with
 * {@code spark.kryo.registrationRequired=true}: an unregistered class then fails loudly instead
 * of silently writing its full class name with every record.
 */
public final class FlotillaKryoRegistrator implements KryoRegistrator {

  @Override
  public void registerClasses(Kryo kryo) {
    kryo.register(UnitTask.class);
    kryo.register(UnitResult.class);
    kryo.register(UnitResult[].class); // a task's results (several with engine.units-per-task)
    kryo.register(UnitStatus.class);
    kryo.register(LinkedHashMap.class);
    registerSparkSql(kryo);
  }

  /**
   * Spark SQL ships schemas and rows through Kryo too (e.g. reading a Parquet table in the same
   * session), and registers none of them itself; with registration required, a DataFrame on a
   * Flotilla session would fail without these.
   */
  private static void registerSparkSql(Kryo kryo) {
    String[] names = {
        "org.apache.spark.sql.types.StructType", "[Lorg.apache.spark.sql.types.StructType;",
        "org.apache.spark.sql.types.StructField", "[Lorg.apache.spark.sql.types.StructField;",
        "org.apache.spark.sql.types.Metadata", "org.apache.spark.sql.types.ArrayType",
        "org.apache.spark.sql.types.MapType", "org.apache.spark.sql.types.DecimalType",
        "org.apache.spark.sql.types.FloatType$", "org.apache.spark.sql.types.DoubleType$",
        "org.apache.spark.sql.types.IntegerType$", "org.apache.spark.sql.types.LongType$",
        "org.apache.spark.sql.types.ShortType$", "org.apache.spark.sql.types.ByteType$",
        "org.apache.spark.sql.types.BooleanType$", "org.apache.spark.sql.types.StringType$",
        "org.apache.spark.sql.types.BinaryType$", "org.apache.spark.sql.types.DateType$",
        "org.apache.spark.sql.types.TimestampType$", "org.apache.spark.sql.types.NullType$",
        "org.apache.spark.sql.catalyst.expressions.UnsafeRow",
        "org.apache.spark.sql.catalyst.expressions.GenericInternalRow",
        "org.apache.spark.sql.catalyst.InternalRow", "[Lorg.apache.spark.sql.catalyst.InternalRow;",
        "org.apache.spark.sql.execution.datasources.FileFormatWriter$WriteTaskResult",
        "org.apache.spark.sql.execution.datasources.BasicWriteTaskStats",
        "org.apache.spark.sql.execution.datasources.ExecutedWriteSummary",
        "org.apache.spark.sql.execution.datasources.WriteTaskResult",
        "org.apache.spark.internal.io.FileCommitProtocol$TaskCommitMessage",
        "org.apache.spark.sql.execution.joins.UnsafeHashedRelation",
        "org.apache.spark.sql.execution.joins.LongHashedRelation",
        "org.apache.spark.sql.execution.joins.LongToUnsafeRowMap",
        "org.apache.spark.sql.catalyst.expressions.Literal",
        "org.apache.spark.sql.execution.columnar.DefaultCachedBatch",
        "org.apache.spark.unsafe.types.UTF8String", "[[B", "[Ljava.lang.Object;",
        "java.util.HashMap", "java.util.ArrayList", "scala.collection.immutable.Nil$",
        "scala.collection.immutable.$colon$colon", "scala.collection.mutable.WrappedArray$ofRef",
        "scala.reflect.ClassTag$GenericClassTag", "java.lang.Class",
    };
    for (String name : names) {
      try {
        kryo.register(Class.forName(name, false, Thread.currentThread().getContextClassLoader()));
      } catch (ClassNotFoundException e) {
        // Spark SQL not on the classpath (or a class of another Spark version): nothing to register.
      }
    }
  }
}
