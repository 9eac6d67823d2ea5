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
    kryo.register(UnitStatus.class);
    kryo.register(LinkedHashMap.class);
  }
}
